import { createNamespace, deleteNamespace, eventually } from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import {
  condition,
  healthyStatus,
  installRolloutCrd,
  now,
  pausedCanaryStatus,
  canaryStatus,
  PlayedController,
  podHash,
  ROLLOUTS,
  rolloutYaml
} from './support/argo-rollout-controller.js'
import {
  outcomeOf,
  resourcesOf,
  setUpE2e,
  start,
  stillRunningAfter,
  summaryText,
  type E2eContext
} from './support/e2e-context.js'

/**
 * Argo Rollouts driven without the plugin: a canary Rollout (the CRD of support/argo-rollout-controller)
 * taken through Paused → promote → Healthy, and Paused → abort, the test acting as its controller: it
 * keeps one ReplicaSet per revision (the cluster's ReplicaSet controller runs their pods on kwok nodes)
 * and writes the Rollout's status as Argo Rollouts would, reacting to what the step patched.
 */
let e2e: E2eContext
let namespace: string
let controller: PlayedController

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'argo-rollouts')
  controller = new PlayedController(e2e.cluster, namespace)
  installRolloutCrd(e2e.cluster)
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

const NAME = 'shop'
const IMAGE = 'ghcr.io/kube-deploy/example-web'

const rollout = (): KubeObject | undefined => controller.read(ROLLOUTS, NAME)

/** The controller's answer to a new revision: a canary ReplicaSet at 20%, then the pause at step 1. */
async function pauseAtFirstStep(generation: number, revision: number, version: string): Promise<void> {
  const object = await controller.objectAt(ROLLOUTS, NAME, generation)
  controller.writeStatus(ROLLOUTS, NAME, canaryStatus(NAME, generation, revision))
  await controller.replicaSet(object, revision, version, 1)
  controller.writeStatus(ROLLOUTS, NAME, pausedCanaryStatus(NAME, generation, revision))
}

/** What the controller reacts to after a promote: the pause conditions gone from the status. */
const pauseConditionsCleared = (): Promise<true> =>
  eventually('the pause conditions cleared', () => {
    const status = rollout()?.status as { pauseConditions?: unknown[] } | undefined
    return status && !status.pauseConditions ? true : undefined
  })

describe('an Argo Rollout promoted and aborted without the plugin, its controller played by the test', () => {
  it('apply with wait-until: paused succeeds at the canary pause step', async () => {
    // Revision 1, fully promoted: what a first deploy leaves.
    const first = start(e2e, {
      manifests: await e2e.manifest(rolloutYaml(NAME, '1.0.0')),
      namespace,
      timeout: '1m'
    })
    const created = await controller.objectAt(ROLLOUTS, NAME, 1)
    await controller.replicaSet(created, 1, '1.0.0', 3)
    controller.writeStatus(ROLLOUTS, NAME, healthyStatus(NAME, 1, 1))
    expect(outcomeOf(await first.result)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })

    const running = start(e2e, {
      manifests: await e2e.manifest(rolloutYaml(NAME, '2.0.0')),
      namespace,
      'wait-until': 'paused',
      timeout: '1m'
    })
    await pauseAtFirstStep(2, 2, '2.0.0')
    const run = await running.result

    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    const [row] = resourcesOf(run)
    expect(row).toMatchObject({ kind: 'Rollout', name: NAME, action: 'configured', status: 'ready' })
    expect(row.message).toBe(
      `paused: CanaryPauseStep; canary step 1/4, weight 20 (actual 25); stable ${IMAGE}:1.0.0, canary ${IMAGE}:2.0.0`
    )
  })

  it('command: promote with wait-until: paused stops at the next pause step', async () => {
    const running = start(e2e, {
      command: 'promote',
      target: `rollout/${NAME}`,
      'wait-until': 'paused',
      namespace,
      timeout: '1m'
    })
    await pauseConditionsCleared()
    // Step 2 (setWeight 60) done, the canary at 2 of 3 pods' worth: paused at step 3 (pause 30s).
    const object = await controller.objectAt(ROLLOUTS, NAME, 2)
    await controller.replicaSet(object, 2, '2.0.0', 2)
    const paused = pausedCanaryStatus(NAME, 2, 2)
    controller.writeStatus(ROLLOUTS, NAME, {
      ...paused,
      currentStepIndex: 3,
      replicas: 5,
      updatedReplicas: 2,
      readyReplicas: 5,
      availableReplicas: 5
    })
    const run = await running.result

    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(run.log).toContain(`cleared 1 pause condition (CanaryPauseStep) on rollout/${NAME}`)
    expect(resourcesOf(run)[0].message).toBe(
      `paused: CanaryPauseStep; canary step 3/4, weight 60 (actual 40); stable ${IMAGE}:1.0.0, canary ${IMAGE}:2.0.0`
    )
  })

  it('command: promote clears the pause condition, then waits until the controller reports Healthy', async () => {
    const running = start(e2e, { command: 'promote', target: `rollout/${NAME}`, namespace, timeout: '1m' })
    // The controller sees the pause condition gone, and goes through the remaining steps.
    await pauseConditionsCleared()
    const waitedForController = await stillRunningAfter(running, 2_000)
    const object = await controller.objectAt(ROLLOUTS, NAME, 2)
    await controller.replicaSet(object, 2, '2.0.0', 3)
    await controller.replicaSet(object, 1, '1.0.0', 0)
    controller.writeStatus(ROLLOUTS, NAME, healthyStatus(NAME, 2, 2))
    const run = await running.result

    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(waitedForController).toBe(true)
    expect(run.log).toContain(`cleared 1 pause condition (CanaryPauseStep) on rollout/${NAME}`)
    expect(summaryText(run)).toContain(`cleared 1 pause condition (CanaryPauseStep) on rollout/${NAME}`)
    const [row] = resourcesOf(run)
    expect(row).toMatchObject({ kind: 'Rollout', name: NAME, status: 'ready' })
    expect(row.message).toBe(`Healthy; canary step 4/4, weight 100 (actual 100); stable ${IMAGE}:2.0.0`)
    expect(JSON.parse(run.outputs.images)).toEqual({ [`rollout/${NAME}`]: { web: `${IMAGE}:2.0.0` } })
  })

  it('promoting it again says there is nothing to promote, and succeeds', async () => {
    const run = await e2e.run({ command: 'promote', target: `rollout/${NAME}`, namespace, timeout: '30s' })

    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(run.log).toContain(`rollout ${NAME} is not paused: nothing to promote`)
  })

  it('command: status shows the paused canary’s step, weights and both images', async () => {
    const running = start(e2e, {
      manifests: await e2e.manifest(rolloutYaml(NAME, '3.0.0')),
      namespace,
      'wait-until': 'paused',
      timeout: '1m'
    })
    await pauseAtFirstStep(3, 3, '3.0.0')
    expect(outcomeOf(await running.result)).toMatchObject({ status: 'succeeded' })

    const run = await e2e.run({
      command: 'status',
      target: `rollouts.argoproj.io/${NAME}`,
      'wait-until': 'paused',
      namespace,
      timeout: '30s'
    })

    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    const shown = `paused: CanaryPauseStep; canary step 1/4, weight 20 (actual 25); stable ${IMAGE}:2.0.0, canary ${IMAGE}:3.0.0`
    expect(resourcesOf(run)).toEqual([
      expect.objectContaining({ kind: 'Rollout', name: NAME, status: 'ready', message: shown })
    ])
    expect(run.log).toContain(shown)
    expect(summaryText(run)).toContain(shown)
  })

  it('command: abort sets status.abort and succeeds once the Rollout is back on its stable ReplicaSet', async () => {
    const running = start(e2e, { command: 'abort', target: `rollout/${NAME}`, namespace, timeout: '1m' })
    await eventually('status.abort', () => (rollout()?.status?.abort === true ? true : undefined))
    // The controller takes the abort: the canary scaled down, the stable ReplicaSet back at full size.
    const aborted = `Rollout aborted update to revision 3`
    const object = await controller.objectAt(ROLLOUTS, NAME, 3)
    controller.writeStatus(ROLLOUTS, NAME, {
      ...pausedCanaryStatus(NAME, 3, 3),
      abort: true,
      abortedAt: now(),
      phase: 'Degraded',
      message: `RolloutAborted: ${aborted}`,
      controllerPause: undefined,
      pauseConditions: undefined,
      currentStepIndex: 0,
      updatedReplicas: 0,
      conditions: [
        condition('Available', 'True', 'AvailableReason', 'Rollout has minimum availability'),
        condition('Progressing', 'False', 'RolloutAborted', aborted),
        condition('Healthy', 'False', 'RolloutHealthy', 'Rollout is not healthy')
      ]
    })
    const stillWaiting = await stillRunningAfter(running, 2_000)
    await controller.replicaSet(object, 3, '3.0.0', 0)
    const run = await running.result

    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(stillWaiting).toBe(true)
    expect(run.log).toContain(`set status.abort on rollout/${NAME}`)
    expect(summaryText(run)).toContain(`set status.abort on rollout/${NAME}`)
    const [row] = resourcesOf(run)
    expect(row).toMatchObject({ kind: 'Rollout', name: NAME, status: 'ready' })
    expect(row.message).toMatch(
      new RegExp(
        `^aborted \\(RolloutAborted: ${aborted}\\), stable ReplicaSet ${NAME}-${podHash(2)}: 3 of 3 available`
      )
    )
    expect(JSON.parse(run.outputs.images)).toEqual({ [`rollout/${NAME}`]: { web: `${IMAGE}:2.0.0` } })
  })
})

// --- blue-green ------------------------------------------------------------------------------------

const PREVIEWED = 'checkout'

/** The canary Rollout of the support file, its strategy replaced by a blue-green one. */
function blueGreenYaml(version: string): string {
  const [withoutStrategy] = rolloutYaml(PREVIEWED, version).split('  strategy:\n')
  return `${withoutStrategy}  strategy:
    blueGreen:
      activeService: ${PREVIEWED}-active
      previewService: ${PREVIEWED}-preview
      autoPromotionEnabled: false
`
}

/** A blue-green Rollout whose active Service selects `active`, and `preview` when one is up. */
function blueGreenStatus(generation: number, active: number, preview?: number): Record<string, unknown> {
  const hash = podHash(preview ?? active)
  return {
    ...healthyStatus(PREVIEWED, generation, active),
    currentPodHash: hash,
    currentStepIndex: undefined,
    canary: undefined,
    blueGreen: { activeSelector: podHash(active), previewSelector: hash }
  }
}

describe('a blue-green Argo Rollout, its controller played by the test', () => {
  it('apply with wait-until: paused stops at the preview; promote switches the active Service', async () => {
    const first = start(e2e, {
      manifests: await e2e.manifest(blueGreenYaml('1.0.0')),
      namespace,
      timeout: '1m'
    })
    const created = await controller.objectAt(ROLLOUTS, PREVIEWED, 1)
    await controller.replicaSet(created, 1, '1.0.0', 3)
    controller.writeStatus(ROLLOUTS, PREVIEWED, blueGreenStatus(1, 1))
    expect(outcomeOf(await first.result)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })

    // The new version comes up next to the active one, behind the preview Service, and waits.
    const deploying = start(e2e, {
      manifests: await e2e.manifest(blueGreenYaml('2.0.0')),
      namespace,
      'wait-until': 'paused',
      timeout: '1m'
    })
    const updated = await controller.objectAt(ROLLOUTS, PREVIEWED, 2)
    await controller.replicaSet(updated, 2, '2.0.0', 3)
    controller.writeStatus(ROLLOUTS, PREVIEWED, {
      ...blueGreenStatus(2, 1, 2),
      phase: 'Paused',
      message: 'BlueGreenPause',
      controllerPause: true,
      pauseConditions: [{ reason: 'BlueGreenPause', startTime: now() }],
      replicas: 6,
      conditions: [
        condition('Available', 'True', 'AvailableReason', 'Rollout has minimum availability'),
        condition('Paused', 'True', 'RolloutPaused', 'Rollout is paused')
      ]
    })
    const deployed = await deploying.result
    expect(outcomeOf(deployed)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(resourcesOf(deployed)[0].message).toBe(
      `paused: BlueGreenPause; blue-green; active ${IMAGE}:1.0.0, preview ${IMAGE}:2.0.0`
    )

    const promoting = start(e2e, {
      command: 'promote',
      target: `rollouts.argoproj.io/${PREVIEWED}`,
      namespace,
      timeout: '1m'
    })
    await eventually('the BlueGreenPause cleared', () => {
      const status = controller.read(ROLLOUTS, PREVIEWED)?.status
      return status && !status.pauseConditions ? true : undefined
    })
    controller.writeStatus(ROLLOUTS, PREVIEWED, blueGreenStatus(2, 2))
    const promoted = await promoting.result

    expect(outcomeOf(promoted)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(promoted.log).toContain(`cleared 1 pause condition (BlueGreenPause) on rollout/${PREVIEWED}`)
    expect(resourcesOf(promoted)[0].message).toBe(`Healthy; blue-green; active ${IMAGE}:2.0.0`)
  })
})
