import { apiErrorCode } from '../cluster/api-errors.js'
import type { ClusterClient, WriteOptions } from '../cluster/client.js'
import type { KubeObject, ObjectRef } from '../kube-object.js'

/**
 * The API changes `kubectl argo rollouts promote` and `abort` make (pkg/kubectl-argo-rollouts/cmd),
 * as merge patches: the controller does the rest. Since v0.10 a Rollout's status is a subresource,
 * patched apart from its spec; a controller before that has none, and gets spec and status in one
 * patch of the object (`unified`).
 */
export interface RolloutPatches {
  /** Merge patch of the object itself (its spec). */
  spec?: Record<string, unknown>
  /** Merge patch of the status subresource. */
  status?: Record<string, unknown>
  /** Spec and status in one patch of the object, when the status subresource answers 404. */
  unified?: Record<string, unknown>
  /** What the patches change, in words, one line each: `cleared 1 pause condition (CanaryPauseStep)`. */
  changes: string[]
}

/** What to send, or why nothing needs sending (the command is already done: idempotent). */
export type RolloutAction = { patches: RolloutPatches } | { nothingToDo: string }

interface Rollout {
  spec?: {
    paused?: boolean
    strategy?: { canary?: { steps?: Record<string, unknown>[] }; blueGreen?: unknown }
  }
  status?: {
    abort?: boolean
    pauseConditions?: { reason?: string }[]
    currentStepIndex?: number
    currentPodHash?: string
    stableRS?: string
  }
}

/**
 * `promote` (getPatches of the plugin): unpause (`spec.paused`), clear the pause conditions (a canary
 * pause step, a blue-green preview), or, for a canary between pauses (running a step's analysis),
 * move to the next step; never both of the last two. `full` sets `status.promoteFull` instead: every
 * remaining step, pause and analysis skipped.
 */
export function promoteAction(object: KubeObject, full: boolean): RolloutAction {
  const { spec = {}, status = {} } = object as Rollout
  const name = object.metadata.name
  const updating = status.currentPodHash !== status.stableRS
  // The controller keeps an aborted rollout on stable whatever the steps say; the wait then says so.
  if (status.abort)
    return {
      nothingToDo: `rollout ${name} is aborted: promote does not resume it (a new revision applied does)`
    }
  if (full) {
    if (!updating) return { nothingToDo: `rollout ${name} is fully promoted already: nothing to promote` }
    const patch = { status: { promoteFull: true } }
    return {
      patches: {
        status: patch,
        unified: patch,
        changes: ['set status.promoteFull (every remaining step, pause and analysis skipped)']
      }
    }
  }
  const patches: RolloutPatches = {
    unified: { spec: { paused: false }, status: { pauseConditions: null } },
    changes: []
  }
  if (spec.paused) {
    patches.spec = { spec: { paused: false } }
    patches.changes.push('set spec.paused to false')
  }
  const conditions = status.pauseConditions ?? []
  const steps = spec.strategy?.canary?.steps ?? []
  const index = status.currentStepIndex ?? 0
  if (conditions.length > 0) {
    patches.status = { status: { pauseConditions: null } }
    const reasons = conditions.map(condition => condition.reason ?? '?').join(', ')
    patches.changes.push(
      `cleared ${conditions.length === 1 ? '1 pause condition' : `${conditions.length} pause conditions`} (${reasons})`
    )
  } else if (steps.length > 0 && updating && index < steps.length) {
    const next = { pauseConditions: null, currentStepIndex: index + 1 }
    patches.status = { status: next }
    patches.unified = { spec: { paused: false }, status: next }
    patches.changes.push(
      `set status.currentStepIndex ${index} → ${index + 1} (skipped canary step ${index}/${steps.length}: ${stepName(steps[index])})`
    )
  }
  if (!patches.spec && !patches.status)
    return { nothingToDo: `rollout ${name} is not paused: nothing to promote` }
  return { patches }
}

/** `abort`: `status.abort`; the controller scales the canary (or preview) down and goes back to stable. */
export function abortAction(object: KubeObject): RolloutAction {
  const { status = {} } = object as Rollout
  const name = object.metadata.name
  if (status.abort) return { nothingToDo: `rollout ${name} is already aborted` }
  if (status.currentPodHash !== undefined && status.currentPodHash === status.stableRS)
    return { nothingToDo: `rollout ${name} runs its stable ReplicaSet already: nothing to abort` }
  const patch = { status: { abort: true } }
  return { patches: { status: patch, unified: patch, changes: ['set status.abort'] } }
}

/** `setWeight`, `pause`, `analysis`: the kind of a canary step, which is its one key. */
function stepName(step: Record<string, unknown> | undefined): string {
  return Object.keys(step ?? {})[0] ?? 'unknown'
}

/**
 * Sends the patches as the plugin does: the status subresource first; a 404 there means a controller
 * before v0.10, whose CRD has none, and the unified patch goes to the object instead. Returns the
 * object as the server stored it.
 */
export async function sendRolloutPatches(
  client: ClusterClient,
  ref: ObjectRef,
  patches: RolloutPatches,
  options: WriteOptions
): Promise<KubeObject | undefined> {
  let specPatch = patches.spec
  let stored: KubeObject | undefined
  if (patches.status) {
    try {
      stored = (await client.patchMerge(ref, patches.status, options, 'status')).object
    } catch (error) {
      if (apiErrorCode(error) !== 404) throw error
      specPatch = patches.unified
    }
  }
  if (specPatch) stored = (await client.patchMerge(ref, specPatch, options)).object
  return stored
}
