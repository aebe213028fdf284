import {
  admin,
  adminJson,
  createNamespace,
  deleteNamespace,
  eventually,
  isLocalCluster,
  recordEvent
} from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import {
  deploymentYaml,
  errorsOf,
  expectEvidence,
  outcomeOf,
  resourcesOf,
  setUpE2e,
  start,
  stillRunningAfter,
  type E2eContext
} from './support/e2e-context.js'

/**
 * Pods that do not come up, and what the step makes of them: a quota that refuses them, a container
 * that never turns ready, a pod no node can take (with and without a cluster autoscaler's word on it).
 * The test plays the kubelet and the cluster autoscaler by posting the events they would.
 */
let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'pod-failures')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

const itLocal = isLocalCluster() ? it : it.skip
const needsLocal = isLocalCluster() ? '' : " (skipped: needs the local cluster's kwok stages)"

interface PodCondition {
  type: string
  status: string
  reason?: string
}
const podsOf = (app: string): KubeObject[] =>
  adminJson<{ items: KubeObject[] }>(e2e.cluster, ['get', 'pods', '-n', namespace, '-l', `app=${app}`]).items
const conditionOf = (pod: KubeObject, type: string): PodCondition | undefined =>
  (pod.status?.conditions as PodCondition[] | undefined)?.find(condition => condition.type === type)

/** The one pod of `app`, once the scheduler has said it cannot place it. */
const unschedulablePod = (app: string): Promise<KubeObject> =>
  eventually(`pod of ${app} PodScheduled=False`, () =>
    podsOf(app).find(pod => conditionOf(pod, 'PodScheduled')?.reason === 'Unschedulable')
  )

describe('quota', () => {
  it('fails within seconds when a ResourceQuota refuses the pods (ReplicaFailure / FailedCreate)', async () => {
    admin(e2e.cluster, ['create', 'quota', 'no-pods', '-n', namespace, '--hard=pods=0'])
    try {
      // Quota admission refuses every pod while the quota has no status yet; wait for the real refusal.
      await eventually(
        'the quota controller to fill in status.hard',
        () => adminJson<KubeObject>(e2e.cluster, ['get', 'quota', 'no-pods', '-n', namespace]).status?.hard
      )
      const started = Date.now()
      const run = await e2e.run({
        manifests: await e2e.manifest(deploymentYaml('quota-app', { replicas: 2 })),
        namespace,
        // Far beyond the few seconds a refusal takes; short enough that a step that misses it fails soon.
        timeout: '1m'
      })
      const seconds = (Date.now() - started) / 1000

      expect(outcomeOf(run)).toEqual({
        exitCode: 1,
        status: 'failed',
        error: expect.stringMatching(
          /^::error::rollout failed: deployment\/quota-app: .*(ReplicaFailure|FailedCreate).*exceeded quota/
        )
      })
      expect(seconds).toBeLessThan(20)
      const [row] = resourcesOf(run)
      expect(row).toMatchObject({ kind: 'Deployment', name: 'quota-app', status: 'failed' })
      expect(row.message).toContain('exceeded quota: no-pods')
      // No pod exists: the evidence is the ReplicaSet's refusal.
      expectEvidence(run, 'quota-app', /FailedCreate|ReplicaFailure/, 'exceeded quota')
    } finally {
      admin(e2e.cluster, ['delete', 'quota', 'no-pods', '-n', namespace, '--ignore-not-found'])
    }
  })
})

describe('a container that never turns ready', () => {
  itLocal(`times out and the evidence names the pod and its unready containers${needsLocal}`, async () => {
    const run = await e2e.run({
      manifests: await e2e.manifest(deploymentYaml('sleepy', { replicas: 1, simulate: 'never-ready' })),
      namespace,
      timeout: '20s'
    })
    expect(outcomeOf(run)).toEqual({
      exitCode: 1,
      status: 'timed-out',
      error: expect.stringMatching(/^::error::rollout timed-out: deployment\/sleepy/)
    })
    expect(resourcesOf(run)).toEqual([
      expect.objectContaining({ kind: 'Deployment', name: 'sleepy', status: 'in-progress' })
    ])
    const [pod] = podsOf('sleepy')
    expectEvidence(run, pod.metadata.name, /not ready|ContainersNotReady/i)
  })

  itLocal(`shows the kubelet's readiness probe failure in the evidence${needsLocal}`, async () => {
    const running = start(e2e, {
      manifests: await e2e.manifest(deploymentYaml('probed', { replicas: 1, simulate: 'never-ready' })),
      namespace,
      timeout: '15s'
    })
    const pod = await eventually('a running pod of probed', () =>
      podsOf('probed').find(candidate => candidate.status?.phase === 'Running')
    )
    const ip = (pod.status?.podIP as string | undefined) ?? '10.0.0.1'
    const probeFailure = `Readiness probe failed: Get "http://${ip}:8080/ready": dial tcp ${ip}:8080: connect: connection refused`
    recordEvent(e2e.cluster, {
      involved: pod,
      type: 'Warning',
      reason: 'Unhealthy',
      message: probeFailure,
      component: 'kubelet',
      host: (pod.spec as { nodeName?: string }).nodeName,
      fieldPath: 'spec.containers{app}'
    })
    const run = await running.result

    expect(outcomeOf(run)).toEqual({
      exitCode: 1,
      status: 'timed-out',
      error: expect.stringMatching(/^::error::rollout timed-out: deployment\/probed/)
    })
    expectEvidence(run, pod.metadata.name, 'Unhealthy', probeFailure)
  })
})

describe('unschedulable pods and the cluster autoscaler', () => {
  it('keeps waiting while the autoscaler has triggered a scale-up, and times out naming it', async () => {
    const running = start(e2e, {
      manifests: await e2e.manifest(
        deploymentYaml('scaling', { replicas: 1, nodeSelector: 'pool: gpu-large' })
      ),
      namespace,
      timeout: '20s'
    })
    const pod = await unschedulablePod('scaling')
    const scaleUp = 'pod triggered scale-up: [{gpu-large-pool 0->1 (max: 4)}]'
    recordEvent(e2e.cluster, {
      involved: pod,
      type: 'Normal',
      reason: 'TriggeredScaleUp',
      message: scaleUp,
      component: 'cluster-autoscaler'
    })
    const waitingAfterTheEvent = await stillRunningAfter(running, 5_000)
    const run = await running.result
    const seconds = (Date.now() - running.startedAt) / 1000

    expect(outcomeOf(run)).toEqual({
      exitCode: 1,
      status: 'timed-out',
      error: expect.stringMatching(
        /^::error::rollout timed-out: deployment\/scaling: .*Unschedulable.*scale-up/
      )
    })
    expect(waitingAfterTheEvent).toBe(true)
    expect(seconds).toBeGreaterThanOrEqual(19)
    expect(resourcesOf(run)).toEqual([
      expect.objectContaining({ kind: 'Deployment', name: 'scaling', status: 'in-progress' })
    ])
    expectEvidence(run, pod.metadata.name, 'Unschedulable', /TriggeredScaleUp|triggered scale-up/)
  })

  it("fails at once with the autoscaler's message when it will not scale up", async () => {
    const running = start(e2e, {
      manifests: await e2e.manifest(
        deploymentYaml('stranded', { replicas: 1, nodeSelector: 'pool: arm64-huge' })
      ),
      namespace,
      timeout: '2m'
    })
    const pod = await unschedulablePod('stranded')
    const noScaleUp =
      "pod didn't trigger scale-up: 3 node(s) didn't match Pod's node affinity/selector, 1 max node group size reached"
    const posted = Date.now()
    recordEvent(e2e.cluster, {
      involved: pod,
      type: 'Normal',
      reason: 'NotTriggerScaleUp',
      message: noScaleUp,
      component: 'cluster-autoscaler'
    })
    const run = await running.result

    expect(outcomeOf(run)).toEqual({
      exitCode: 1,
      status: 'failed',
      error: expect.stringContaining(noScaleUp)
    })
    // At once: well inside the grace an Unschedulable pod gets when no autoscaler has spoken.
    expect((Date.now() - posted) / 1000).toBeLessThan(15)
    expect(errorsOf(run)).toMatch(/deployment\/stranded/)
    const [row] = resourcesOf(run)
    expect(row).toMatchObject({ kind: 'Deployment', name: 'stranded', status: 'failed' })
    expectEvidence(run, pod.metadata.name, /NotTriggerScaleUp|didn't trigger scale-up/)
  })
})
