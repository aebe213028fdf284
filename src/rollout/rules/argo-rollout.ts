import { conditionOf, type KubeObject } from '../../kube-object.js'
import { currentPodsOf } from '../revision.js'
import type { NamespaceView } from '../snapshot.js'
import { describeRolloutProgress, rolloutProgress } from './argo-rollout-progress.js'
import { current, failed, inProgress, notObserved, numberAt, type RuleResult, type Rule } from './rule.js'

/** Argo Rollouts labels each ReplicaSet with the hash that status.stableRS / currentPodHash name. */
const HASH_LABEL = 'rollouts-pod-template-hash'

interface RolloutStatus {
  phase?: string
  message?: string
  abort?: boolean
  controllerPause?: boolean
  pauseConditions?: { reason?: string; startTime?: string }[]
  stableRS?: string
  availableReplicas?: number
}

interface RolloutCondition {
  type?: string
  reason?: string
  message?: string
}

/** Writes a verdict's message with where the rollout stands (step, weights, images) after it. */
type Say = (text: string) => string

/**
 * argoproj.io Rollout, read as its own client does (argo-rollouts `GetRolloutPhase`): the spec
 * observed (a string observedGeneration), not being unpaused, then the phase the controller computed.
 * `Healthy` is ready. `Paused` is not: a canary step or a blue-green preview waits for someone to
 * promote it, so the rollout is not done, and the pause reason says why; with `wait-until: paused`
 * it is what the run waits for. `Degraded` or an abort is a failure, except for `command: abort`,
 * which waits for exactly that: aborted and back on the stable ReplicaSet. Rollouts without a phase
 * (controllers before 1.0) are read from their conditions. Every message ends with the step, the
 * weights and the images of each version, as the plugin's `get rollout` shows them.
 */
export const argoRolloutRule: Rule = ({ object, cluster, policy }) => {
  const status = (object.status ?? {}) as RolloutStatus
  const desired = (object.spec as { replicas?: number } | undefined)?.replicas ?? 1
  const progress = describeRolloutProgress(rolloutProgress(object, cluster))
  const say: Say = text => (progress ? `${text.replace(/\.$/, '')}; ${progress}` : text)
  const extra = {
    replicas: `${numberAt(object.status, 'availableReplicas')}/${desired}`,
    currentPods: currentPodsOf(object, cluster)
  }
  const until = policy.waitUntil ?? 'ready'
  if (status.abort && until !== 'aborted') {
    return failed(say(`aborted${status.message ? `: ${status.message}` : ''}`), extra)
  }
  const unobserved = notObserved(object)
  if (unobserved) return { ...unobserved, ...extra }
  if (until === 'aborted') return abortVerdict(object, cluster, desired, say, extra)
  if (status.controllerPause && (status.pauseConditions ?? []).length === 0) {
    return inProgress(say('waiting for the rollout to unpause'), extra)
  }
  const paused = pauseReason(object.spec, status)
  // Stopped at a pause step or a preview: not done, unless the run asked to go that far and no further.
  const atPause = (why: string): RuleResult =>
    until === 'paused' ? current(say(`paused: ${why}`), extra) : inProgress(say(`paused: ${why}`), extra)
  switch (status.phase) {
    case 'Healthy':
      return current(say(`Healthy${status.message ? `: ${status.message}` : ''}`), extra)
    case 'Degraded':
      return failed(say(`Degraded: ${status.message || 'the rollout is degraded'}`), extra)
    case 'Paused':
      return atPause(paused ?? status.message ?? 'waiting to be promoted')
    case 'Progressing':
      return inProgress(say(`Progressing${status.message ? `: ${status.message}` : ''}`), extra)
    default:
      break
  }
  const problem = failingCondition(object)
  if (problem) return failed(say(problem), extra)
  if (paused) return atPause(paused)
  if (conditionOf(object, 'Healthy')?.status === 'True') return current(say('Healthy'), extra)
  return inProgress(say('waiting for the controller to report a phase'), extra)
}

/**
 * What `command: abort` waits for: the controller has taken the abort (phase Degraded, or the
 * RolloutAborted condition), the stable ReplicaSet has every replica available again, and the traffic
 * is back on it. A Rollout that is Healthy is on its stable ReplicaSet already: done as well.
 */
function abortVerdict(
  object: KubeObject,
  cluster: NamespaceView,
  desired: number,
  say: Say,
  extra: Partial<RuleResult>
): RuleResult {
  const status = (object.status ?? {}) as RolloutStatus
  if (status.phase === 'Healthy') return current(say('Healthy: on its stable ReplicaSet'), extra)
  const invalid = conditions(object).find(condition => condition.type === 'InvalidSpec')
  if (invalid) return failed(say(`InvalidSpec: ${invalid.message ?? ''}`), extra)
  if (!status.abort) return inProgress(say('not aborted (status.abort is not set)'), extra)
  const taken =
    status.phase === 'Degraded' || conditions(object).some(condition => condition.reason === 'RolloutAborted')
  if (!taken) return inProgress(say('abort requested: waiting for the controller to take it'), extra)
  const stable = cluster
    .ownedOf(object, 'ReplicaSet')
    .find(replicaSet => replicaSet.metadata.labels?.[HASH_LABEL] === status.stableRS)
  // Without its ReplicaSets in sight, the Rollout's own count of available pods is the best word.
  const available = stable ? numberAt(stable.status, 'availableReplicas') : (status.availableReplicas ?? 0)
  const what = stable ? `stable ReplicaSet ${stable.metadata.name}` : 'stable replicas'
  const counted = `${what}: ${available} of ${desired} available`
  const onStable = { ...extra, currentPods: stable ? cluster.podsOwnedBy(stable) : extra.currentPods }
  if (available < desired) return inProgress(say(`aborted, ${counted}`), onStable)
  const elsewhere = trafficOffStable(object, cluster)
  if (elsewhere) return inProgress(say(`aborted, ${counted}, but ${elsewhere}`), onStable)
  return current(say(`aborted${status.message ? ` (${status.message})` : ''}, ${counted}`), onStable)
}

/**
 * What still sends traffic to the aborted version: a canary's available pods (without a traffic
 * router, a Service reaches every pod), the router's canary weight, a blue-green active Service not
 * yet switched back. A blue-green preview left running (abortScaleDownDelaySeconds) takes no traffic.
 */
function trafficOffStable(object: KubeObject, cluster: NamespaceView): string | undefined {
  const spec = (object.spec ?? {}) as {
    strategy?: { canary?: { trafficRouting?: unknown }; blueGreen?: unknown }
  }
  const status = (object.status ?? {}) as RolloutStatus & {
    currentPodHash?: string
    canary?: { weights?: { canary?: { weight?: number } } }
    blueGreen?: { activeSelector?: string }
  }
  if (spec.strategy?.blueGreen) {
    const active = status.blueGreen?.activeSelector
    return active && active !== status.stableRS ? `the active Service still selects ${active}` : undefined
  }
  if (spec.strategy?.canary?.trafficRouting) {
    const weight = status.canary?.weights?.canary?.weight ?? 0
    return weight > 0 ? `the canary still gets ${weight}% of the traffic` : undefined
  }
  if (status.currentPodHash === status.stableRS) return undefined
  const canary = cluster
    .ownedOf(object, 'ReplicaSet')
    .find(replicaSet => replicaSet.metadata.labels?.[HASH_LABEL] === status.currentPodHash)
  const left = numberAt(canary?.status, 'availableReplicas')
  return canary && left > 0
    ? `canary ReplicaSet ${canary.metadata.name} still has ${left} available ${left === 1 ? 'pod' : 'pods'}`
    : undefined
}

function conditions(object: KubeObject): RolloutCondition[] {
  const list = object.status?.conditions
  return Array.isArray(list) ? (list as RolloutCondition[]) : []
}

/** For controllers before 1.0, which write no phase: the conditions that mean the rollout failed. */
function failingCondition(object: KubeObject): string | undefined {
  for (const condition of conditions(object)) {
    if (condition.type === 'InvalidSpec') return `InvalidSpec: ${condition.message ?? ''}`
    if (condition.reason === 'RolloutAborted' || condition.reason === 'ProgressDeadlineExceeded')
      return `${condition.reason}: ${condition.message ?? ''}`
  }
  return undefined
}

function pauseReason(spec: { paused?: boolean } | undefined, status: RolloutStatus): string | undefined {
  if (spec?.paused) return 'manually paused (spec.paused)'
  const reasons = (status.pauseConditions ?? []).map(condition => condition.reason).filter(Boolean)
  return reasons.length > 0 ? reasons.join(', ') : undefined
}
