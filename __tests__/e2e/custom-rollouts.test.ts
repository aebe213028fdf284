import { admin, createNamespace, deleteNamespace, repoRoot } from '../../test/harness/test-cluster.js'
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
import {
  canaryStatus,
  condition,
  healthyStatus,
  installRolloutCrd,
  now,
  PlayedController,
  podHash,
  ROLLOUTS,
  rolloutYaml
} from './support/argo-rollout-controller.js'

/**
 * Custom resources whose controllers speak their own status language. The test is the controller: it
 * writes status through the status subresource, as the controller would (support/argo-rollout-controller.ts
 * says how Argo Rollouts writes it).
 */
let e2e: E2eContext
let namespace: string
let controller: PlayedController

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'custom-rollouts')
  controller = new PlayedController(e2e.cluster, namespace)
  // Cluster-scoped and shared with other files: applied (idempotent), never deleted.
  installRolloutCrd(e2e.cluster)
  admin(e2e.cluster, ['apply', '-f', path.join(repoRoot, 'examples/app/custom/crd.yaml')])
  admin(e2e.cluster, [
    'wait',
    '--for=condition=Established',
    'crd/websites.example.kube-deploy.dev',
    '--timeout=30s'
  ])
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

const writeStatus = (resource: string, name: string, status: Record<string, unknown>): void =>
  controller.writeStatus(resource, name, status)
const objectAt = (resource: string, name: string, generation?: number): Promise<KubeObject> =>
  controller.objectAt(resource, name, generation)

// --- Argo Rollouts -------------------------------------------------------------------------------

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
