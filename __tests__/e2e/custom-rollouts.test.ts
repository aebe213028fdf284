import {
  admin,
  createNamespace,
  deleteNamespace,
  eventually,
  repoRoot
} from '../../test/harness/test-cluster.js'
import * as path from 'node:path'
import type { KubeObject } from '../../src/kube-object.js'
import {
  expectEvidence,
  outcomeOf,
  resourcesOf,
  setUpE2e,
  start,
  stillRunningAfter,
  type E2eContext
} from './support/e2e-context.js'

/**
 * Custom resources whose controllers speak their own status language. The test is the controller: it
 * writes status through the status subresource, as the controller would.
 *
 * Argo Rollouts (argoproj.io/v1alpha1 Rollout): status.observedGeneration is a string; status.phase is
 * Healthy, Progressing, Paused or Degraded with status.message (computed controller side since v1.0,
 * see GetRolloutPhase / CalculateRolloutPhase in utils/rollout/rolloututil.go). A canary paused at a
 * step has pauseConditions [{reason: CanaryPauseStep}] and still Available=True; an aborted one has
 * abort: true, phase Degraded and Progressing=False reason RolloutAborted.
 */
let e2e: E2eContext
let namespace: string

const ROLLOUT_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: rollouts.argoproj.io
spec:
  group: argoproj.io
  scope: Namespaced
  names:
    kind: Rollout
    listKind: RolloutList
    plural: rollouts
    singular: rollout
    shortNames: [ro]
  versions:
  - name: v1alpha1
    served: true
    storage: true
    subresources:
      status: {}
      scale:
        specReplicasPath: .spec.replicas
        statusReplicasPath: .status.HPAReplicas
        labelSelectorPath: .status.selector
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'custom-rollouts')
  // Cluster-scoped and shared with other files: applied (idempotent), never deleted.
  admin(e2e.cluster, ['apply', '-f', '-'], ROLLOUT_CRD)
  admin(e2e.cluster, ['apply', '-f', path.join(repoRoot, 'examples/app/custom/crd.yaml')])
  admin(e2e.cluster, [
    'wait',
    '--for=condition=Established',
    'crd/rollouts.argoproj.io',
    'crd/websites.example.kube-deploy.dev',
    '--timeout=30s'
  ])
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

const written = new Map<string, Record<string, unknown>>()

/**
 * Writes the whole status through the status subresource with a merge patch, as the controller would;
 * fields of the previous write that are not in this one are removed (null).
 */
function writeStatus(resource: string, name: string, status: Record<string, unknown>): void {
  const key = `${resource}/${name}`
  const patch: Record<string, unknown> = { ...status }
  for (const field of Object.keys(written.get(key) ?? {})) if (!(field in patch)) patch[field] = null
  written.set(key, status)
  admin(e2e.cluster, [
    'patch',
    resource,
    name,
    '-n',
    namespace,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status: patch })
  ])
}

/** The object once the API has it at `generation` (or any generation when not given). */
const objectAt = (resource: string, name: string, generation?: number): Promise<KubeObject> =>
  eventually(`${resource}/${name}${generation ? ` at generation ${generation}` : ''}`, () => {
    try {
      const found = admin(e2e.cluster, [
        'get',
        resource,
        name,
        '-n',
        namespace,
        '--ignore-not-found',
        '-o',
        'json'
      ])
      if (!found.trim()) return undefined
      const object = JSON.parse(found) as KubeObject
      return generation === undefined || object.metadata.generation === generation ? object : undefined
    } catch {
      return undefined // the type is not served yet
    }
  })

// --- Argo Rollouts -------------------------------------------------------------------------------

const ROLLOUTS = 'rollouts.argoproj.io'

function rolloutYaml(name: string, version: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: ${name}
spec:
  replicas: 3
  revisionHistoryLimit: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: ghcr.io/kube-deploy/example-web:${version}
  strategy:
    canary:
      steps:
      - setWeight: 20
      - pause: {}
      - setWeight: 60
      - pause: {duration: 30s}
`
}

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z')
const condition = (type: string, status: string, reason: string, message: string) => ({
  type,
  status,
  reason,
  message,
  lastUpdateTime: now(),
  lastTransitionTime: now()
})
/** Pod template hashes the controller would compute, one per revision. */
const podHash = (revision: number): string => ['', '6d8c5f7b9', '7f9b6c4d8', '84c7d9f6b'][revision]

/** What the controller writes for a Rollout whose revision `revision` is fully promoted. */
function healthyStatus(name: string, generation: number, revision: number): Record<string, unknown> {
  const hash = podHash(revision)
  return {
    observedGeneration: String(generation),
    phase: 'Healthy',
    message: '',
    currentPodHash: hash,
    stableRS: hash,
    currentStepIndex: 4,
    currentStepHash: '5b4c8d7f9',
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    HPAReplicas: 3,
    selector: `app=${name}`,
    canary: {},
    conditions: [
      condition('Available', 'True', 'AvailableReason', 'Rollout has minimum availability'),
      condition(
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${name}-${hash}" has successfully progressed.`
      ),
      condition('Healthy', 'True', 'RolloutHealthy', 'Rollout is healthy'),
      condition(
        'Completed',
        'True',
        'RolloutCompleted',
        `Rollout completed update to revision ${revision} (${hash}): Initial deploy`
      )
    ]
  }
}

/** Revision `revision` is being rolled out as a canary over the stable revision before it. */
function canaryStatus(name: string, generation: number, revision: number): Record<string, unknown> {
  const stable = podHash(revision - 1)
  const hash = podHash(revision)
  return {
    ...healthyStatus(name, generation, revision - 1),
    phase: 'Progressing',
    message: 'more replicas need to be updated',
    currentPodHash: hash,
    stableRS: stable,
    currentStepIndex: 0,
    replicas: 4,
    updatedReplicas: 1,
    readyReplicas: 3,
    availableReplicas: 3,
    conditions: [
      condition('Available', 'True', 'AvailableReason', 'Rollout has minimum availability'),
      condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${name}-${hash}" is progressing.`),
      condition('Healthy', 'False', 'RolloutHealthy', 'Rollout is not healthy'),
      condition(
        'Completed',
        'False',
        'RolloutNotCompleted',
        `Rollout not completed, started update to revision ${revision} (${hash})`
      )
    ]
  }
}

/** A Rollout at revision 1, fully promoted, the way a first deploy leaves it (canary steps are skipped). */
async function stableRollout(name: string): Promise<void> {
  admin(e2e.cluster, ['apply', '-n', namespace, '-f', '-'], rolloutYaml(name, '1.0.0'))
  await objectAt(ROLLOUTS, name, 1)
  writeStatus(ROLLOUTS, name, healthyStatus(name, 1, 1))
}

describe('an Argo Rollout, its controller played by the test', () => {
  it('waits while the controller reports Progressing and succeeds when it reports Healthy', async () => {
    const running = start(e2e, {
      manifests: await e2e.manifest(rolloutYaml('storefront', '1.0.0')),
      namespace,
      timeout: '1m'
    })
    await objectAt(ROLLOUTS, 'storefront', 1)
    writeStatus(ROLLOUTS, 'storefront', {
      ...healthyStatus('storefront', 1, 1),
      phase: 'Progressing',
      message: 'updated replicas are still becoming available',
      readyReplicas: 1,
      availableReplicas: 1,
      conditions: [
        condition('Available', 'False', 'AvailableReason', 'Rollout does not have minimum availability'),
        condition(
          'Progressing',
          'True',
          'NewReplicaSetCreated',
          `Created new replica set "storefront-${podHash(1)}"`
        )
      ]
    })
    const waitedForProgressing = await stillRunningAfter(running, 3_000)
    writeStatus(ROLLOUTS, 'storefront', healthyStatus('storefront', 1, 1))
    const run = await running.result

    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(waitedForProgressing).toBe(true)
    expect(resourcesOf(run)).toEqual([
      expect.objectContaining({
        kind: 'Rollout',
        namespace,
        name: 'storefront',
        action: 'created',
        status: 'ready'
      })
    ])
  })

  it('does not succeed while the canary is paused at a step, though Available=True', async () => {
    await stableRollout('checkout')
    const running = start(e2e, {
      manifests: await e2e.manifest(rolloutYaml('checkout', '2.0.0')),
      namespace,
      timeout: '15s'
    })
    await objectAt(ROLLOUTS, 'checkout', 2)
    const canary = canaryStatus('checkout', 2, 2)
    writeStatus(ROLLOUTS, 'checkout', canary)
    await new Promise(resolve => setTimeout(resolve, 1000))
    // setWeight 20 done, now at step 1 (pause: {}): paused until someone promotes it.
    writeStatus(ROLLOUTS, 'checkout', {
      ...canary,
      phase: 'Paused',
      message: 'CanaryPauseStep',
      controllerPause: true,
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: now() }],
      currentStepIndex: 1,
      conditions: [
        condition('Available', 'True', 'AvailableReason', 'Rollout has minimum availability'),
        condition('Progressing', 'Unknown', 'RolloutPaused', 'Rollout is paused'),
        condition('Paused', 'True', 'RolloutPaused', 'Rollout is paused'),
        condition('Healthy', 'False', 'RolloutHealthy', 'Rollout is not healthy'),
        condition(
          'Completed',
          'False',
          'RolloutNotCompleted',
          `Rollout not completed, started update to revision 2 (${podHash(2)})`
        )
      ]
    })
    const run = await running.result

    expect(outcomeOf(run)).toEqual({
      exitCode: 1,
      status: 'timed-out',
      error: expect.stringMatching(
        /^::error::rollout timed-out: rollout\/checkout: .*[Pp]aused.*CanaryPauseStep/
      )
    })
    const [row] = resourcesOf(run)
    expect(row).toMatchObject({ kind: 'Rollout', name: 'checkout', status: 'in-progress' })
    expect(row.message).toMatch(/[Pp]aused.*CanaryPauseStep/)
    expectEvidence(run, 'rollout/checkout', 'CanaryPauseStep')
  })

  it("fails at once with the controller's message when the rollout is aborted (Degraded)", async () => {
    await stableRollout('payments')
    const running = start(e2e, {
      manifests: await e2e.manifest(rolloutYaml('payments', '2.0.0')),
      namespace,
      timeout: '1m'
    })
    await objectAt(ROLLOUTS, 'payments', 2)
    const canary = canaryStatus('payments', 2, 2)
    writeStatus(ROLLOUTS, 'payments', canary)
    await new Promise(resolve => setTimeout(resolve, 1000))
    // The analysis failed: the controller aborts, scales the canary down and goes back to stable.
    const aborted =
      'Rollout aborted update to revision 2: Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)'
    const posted = Date.now()
    writeStatus(ROLLOUTS, 'payments', {
      ...canary,
      abort: true,
      abortedAt: now(),
      phase: 'Degraded',
      message: `RolloutAborted: ${aborted}`,
      replicas: 3,
      updatedReplicas: 0,
      canary: { currentStepAnalysisRunStatus: { name: 'payments-7f9b6c4d8-2-1', status: 'Failed' } },
      conditions: [
        condition('Available', 'True', 'AvailableReason', 'Rollout has minimum availability'),
        condition('Progressing', 'False', 'RolloutAborted', aborted),
        condition('Healthy', 'False', 'RolloutHealthy', 'Rollout is not healthy'),
        condition(
          'Completed',
          'False',
          'RolloutNotCompleted',
          `Rollout not completed, started update to revision 2 (${podHash(2)})`
        )
      ]
    })
    const run = await running.result

    expect(outcomeOf(run)).toEqual({
      exitCode: 1,
      status: 'failed',
      error: expect.stringMatching(/^::error::rollout failed: rollout\/payments: .*RolloutAborted/)
    })
    expect(outcomeOf(run).error).toContain('Metric "success-rate" assessed Failed')
    expect((Date.now() - posted) / 1000).toBeLessThan(10)
    const [row] = resourcesOf(run)
    expect(row).toMatchObject({ kind: 'Rollout', name: 'payments', status: 'failed' })
    expect(row.message).toContain('RolloutAborted')
    expectEvidence(run, 'rollout/payments', 'RolloutAborted', 'Metric "success-rate" assessed Failed')
  })
})

// --- conditions of a user's own kind -----------------------------------------------------------------

const WEBSITES = 'websites.example.kube-deploy.dev'
const websiteYaml = (name: string) =>
  `apiVersion: example.kube-deploy.dev/v1\nkind: Website\nmetadata: {name: ${name}}\nspec: {domain: ${name}.example.com}\n`

describe("a custom resource's conditions", () => {
  it('keeps waiting through Ready=False with a reason that sounds bad but is retried', async () => {
    const running = start(e2e, {
      manifests: await e2e.manifest(websiteYaml('retrying')),
      namespace,
      timeout: '1m'
    })
    await objectAt(WEBSITES, 'retrying', 1)
    writeStatus(WEBSITES, 'retrying', {
      observedGeneration: 1,
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'ReconciliationFailed',
          message: 'creating DNS record: Throttling: Rate exceeded (will retry in 5s)',
          lastTransitionTime: now()
        }
      ]
    })
    const keptWaiting = await stillRunningAfter(running, 4_000)
    writeStatus(WEBSITES, 'retrying', {
      observedGeneration: 1,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'ReconciliationSucceeded',
          message: 'site is live',
          lastTransitionTime: now()
        }
      ]
    })
    const run = await running.result

    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(keptWaiting).toBe(true)
    expect(resourcesOf(run)).toEqual([
      expect.objectContaining({ kind: 'Website', name: 'retrying', status: 'ready' })
    ])
  })

  it('fails at once on a condition named in failure-conditions', async () => {
    const running = start(e2e, {
      manifests: await e2e.manifest(websiteYaml('rejected')),
      namespace,
      timeout: '30s',
      'failure-conditions': 'Website.example.kube-deploy.dev=Degraded'
    })
    await objectAt(WEBSITES, 'rejected', 1)
    const posted = Date.now()
    writeStatus(WEBSITES, 'rejected', {
      observedGeneration: 1,
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'Provisioning',
          message: 'waiting for the certificate',
          lastTransitionTime: now()
        },
        {
          type: 'Degraded',
          status: 'True',
          reason: 'CertificateRejected',
          message: 'the ACME order for rejected.example.com was rejected: domain is not delegated to us',
          lastTransitionTime: now()
        }
      ]
    })
    const run = await running.result

    expect(outcomeOf(run)).toEqual({
      exitCode: 1,
      status: 'failed',
      error: expect.stringMatching(
        /^::error::rollout failed: website\/rejected: Degraded.*CertificateRejected/
      )
    })
    expect((Date.now() - posted) / 1000).toBeLessThan(10)
    const [row] = resourcesOf(run)
    expect(row).toMatchObject({ kind: 'Website', name: 'rejected', status: 'failed' })
    expect(row.message).toContain('domain is not delegated to us')
    expectEvidence(run, 'website/rejected', 'CertificateRejected')
  })
})
