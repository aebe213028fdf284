import {
  adminJson,
  createNamespace,
  deleteNamespace,
  eventually,
  isLocalCluster
} from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import { expectEvidence, outcomeOf, resourcesOf, setUpE2e, type E2eContext } from './support/e2e-context.js'

/**
 * StatefulSets and DaemonSets roll pod by pod, and their status counters trail the pods: the step
 * must end only when every pod runs the new ControllerRevision and is Ready.
 */
let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'workloads')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

const itLocal = isLocalCluster() ? it : it.skip
const needsLocal = isLocalCluster() ? '' : " (skipped: needs the local cluster's kwok stages)"

function statefulSetYaml(name: string, image = `ghcr.io/kube-deploy/${name}:1.0.0`): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  serviceName: ${name}
  replicas: 3
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: ${name}
        image: ${image}
`
}

function daemonSetYaml(name: string, image: string, simulate?: string): string {
  const simulation = simulate ? `\n        kube-deploy.test/simulate: ${simulate}` : ''
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels:
        app: ${name}${simulation}
    spec:
      containers:
      - name: ${name}
        image: ${image}
`
}

interface PodCondition {
  type: string
  status: string
}
const podsOf = (app: string): KubeObject[] =>
  adminJson<{ items: KubeObject[] }>(e2e.cluster, ['get', 'pods', '-n', namespace, '-l', `app=${app}`]).items
const isReady = (pod: KubeObject): boolean =>
  (pod.status?.conditions as PodCondition[] | undefined)?.some(
    c => c.type === 'Ready' && c.status === 'True'
  ) ?? false
const revisionOf = (pod: KubeObject): string | undefined => pod.metadata.labels?.['controller-revision-hash']
const imageOf = (pod: KubeObject): string =>
  (pod.spec as { containers: { image: string }[] }).containers[0].image

/** The pods of the workload, as the step left them: [name, revision, ready]. */
const podStates = (app: string): [string, string | undefined, boolean][] =>
  podsOf(app)
    .map(pod => [pod.metadata.name, revisionOf(pod), isReady(pod)] as [string, string | undefined, boolean])
    .sort(([a], [b]) => a.localeCompare(b))

/** Deploys a workload with the action and checks that it got ready, to start a test from a settled state. */
async function deployReady(manifest: string): Promise<void> {
  const run = await e2e.run({ manifests: await e2e.manifest(manifest), namespace })
  expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
}

describe('StatefulSet', () => {
  it('restarted with a selector: succeeds only once every pod runs the update revision and it is current', async () => {
    await deployReady(statefulSetYaml('db'))
    const before = adminJson<KubeObject>(e2e.cluster, ['get', 'statefulset', 'db', '-n', namespace])

    const run = await e2e.run({
      command: 'kubectl',
      args: 'rollout restart statefulset/db',
      selector: 'app=db',
      namespace
    })
    // Read the moment the step ends: nothing may still be rolling.
    const after = adminJson<KubeObject>(e2e.cluster, ['get', 'statefulset', 'db', '-n', namespace])
    const pods = podStates('db')

    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    const status = after.status as {
      currentRevision: string
      updateRevision: string
      updatedReplicas: number
      readyReplicas: number
      observedGeneration: number
    }
    expect(status.updateRevision).not.toBe(before.status?.updateRevision)
    expect({
      currentRevision: status.currentRevision,
      updatedReplicas: status.updatedReplicas,
      readyReplicas: status.readyReplicas,
      observedGeneration: status.observedGeneration,
      pods
    }).toEqual({
      currentRevision: status.updateRevision,
      updatedReplicas: 3,
      readyReplicas: 3,
      observedGeneration: after.metadata.generation,
      pods: ['db-0', 'db-1', 'db-2'].map(name => [name, status.updateRevision, true])
    })
  })

  itLocal(
    `times out with evidence when the new revision never becomes ready${needsLocal}`,
    async () => {
      await deployReady(statefulSetYaml('cache'))
      const patch = JSON.stringify({
        spec: { template: { metadata: { labels: { 'kube-deploy.test/simulate': 'never-ready' } } } }
      })
      const started = Date.now()
      const run = await e2e.run({
        command: 'kubectl',
        args: `patch statefulset cache --type=merge -p '${patch}'`,
        selector: 'app=cache',
        namespace,
        timeout: '20s'
      })
      const seconds = (Date.now() - started) / 1000

      expect(outcomeOf(run)).toEqual({
        exitCode: 1,
        status: 'timed-out',
        error: expect.stringMatching(/^::error::rollout timed-out: .*cache/)
      })
      expect(seconds).toBeGreaterThanOrEqual(19)
      // OrderedReady: the highest ordinal is replaced first, and the rollout stops at it.
      const sts = adminJson<KubeObject>(e2e.cluster, ['get', 'statefulset', 'cache', '-n', namespace])
      const updateRevision = sts.status?.updateRevision as string
      const stuck = podsOf('cache').find(pod => revisionOf(pod) === updateRevision)
      expect(stuck?.metadata.name).toBe('cache-2')
      expect(stuck && isReady(stuck)).toBe(false)
      expectEvidence(run, 'cache-2', /not ready|ContainersNotReady|Readiness probe failed/i)
    },
    60_000
  )
})

describe('DaemonSet', () => {
  const newestRevisionHash = (name: string): string => {
    const revisions = adminJson<{ items: (KubeObject & { revision: number })[] }>(e2e.cluster, [
      'get',
      'controllerrevisions',
      '-n',
      namespace,
      '-l',
      `app=${name}`
    ]).items.filter(revision => revision.metadata.ownerReferences?.some(owner => owner.name === name))
    const newest = revisions.sort((a, b) => b.revision - a.revision)[0]
    return newest.metadata.labels?.['controller-revision-hash'] ?? ''
  }

  it('waits until the pod on every node runs the new ControllerRevision', async () => {
    await deployReady(daemonSetYaml('agent', 'ghcr.io/kube-deploy/agent:1.0.0'))
    const run = await e2e.run({
      manifests: await e2e.manifest(daemonSetYaml('agent', 'ghcr.io/kube-deploy/agent:2.0.0')),
      namespace
    })
    const pods = podsOf('agent')
    const ds = adminJson<KubeObject>(e2e.cluster, ['get', 'daemonset', 'agent', '-n', namespace])

    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(resourcesOf(run)).toEqual([
      expect.objectContaining({ kind: 'DaemonSet', name: 'agent', action: 'configured', status: 'ready' })
    ])
    const hash = newestRevisionHash('agent')
    expect(pods.map(pod => [revisionOf(pod), imageOf(pod), isReady(pod)])).toEqual(
      Array(3).fill([hash, 'ghcr.io/kube-deploy/agent:2.0.0', true])
    )
    expect(ds.status).toMatchObject({
      observedGeneration: ds.metadata.generation,
      desiredNumberScheduled: 3,
      updatedNumberScheduled: 3,
      numberAvailable: 3
    })
  })

  itLocal(
    `fails fast naming the image pull error of the new template${needsLocal}`,
    async () => {
      await deployReady(daemonSetYaml('logs', 'ghcr.io/kube-deploy/logs:1.0.0'))
      const started = Date.now()
      const run = await e2e.run({
        manifests: await e2e.manifest(
          daemonSetYaml('logs', 'ghcr.io/acme/logs-missing:2.0.0', 'image-pull-error')
        ),
        namespace,
        timeout: '2m'
      })
      const seconds = (Date.now() - started) / 1000

      expect(outcomeOf(run)).toEqual({
        exitCode: 1,
        status: 'failed',
        error: expect.stringMatching(
          /^::error::rollout failed: daemonset\/logs: (ErrImagePull|ImagePullBackOff)/
        )
      })
      expect(seconds).toBeLessThan(40)
      const [row] = resourcesOf(run)
      expect(row).toMatchObject({ kind: 'DaemonSet', name: 'logs', status: 'failed' })
      expect(row.message).toContain('ghcr.io/acme/logs-missing:2.0.0')
      const broken = await eventually('the pod of the new template', () =>
        podsOf('logs').find(pod => imageOf(pod) === 'ghcr.io/acme/logs-missing:2.0.0')
      )
      expectEvidence(run, broken.metadata.name, /ErrImagePull|ImagePullBackOff/)
    },
    60_000
  )
})
