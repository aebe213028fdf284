import { conditionOf } from '../../kube-object.js'
import { currentPodsOf } from '../revision.js'
import { current, failed, inProgress, notObserved, numberAt, type Rule } from './rule.js'

interface RolloutStatus {
  phase?: string
  message?: string
  abort?: boolean
  controllerPause?: boolean
  pauseConditions?: { reason?: string; startTime?: string }[]
  currentStepIndex?: number
  availableReplicas?: number
}

/**
 * argoproj.io Rollout, read as its own client does (argo-rollouts `GetRolloutPhase`): the spec
 * observed (a string observedGeneration), not being unpaused, then the phase the controller computed.
 * `Healthy` is ready. `Paused` is not: a canary step or a blue-green preview waits for someone to
 * promote it, so the rollout is not done, and the pause reason says why. `Degraded` or an abort is a
 * failure. Rollouts without a phase (controllers before 1.0) are read from their conditions.
 */
export const argoRolloutRule: Rule = ({ object, cluster }) => {
  const status = (object.status ?? {}) as RolloutStatus
  const desired = (object.spec as { replicas?: number } | undefined)?.replicas ?? 1
  const extra = {
    replicas: `${numberAt(object.status, 'availableReplicas')}/${desired}`,
    currentPods: currentPodsOf(object, cluster)
  }
  if (status.abort) {
    return failed(`aborted${status.message ? `: ${status.message}` : ''}`, extra)
  }
  const unobserved = notObserved(object)
  if (unobserved) return { ...unobserved, ...extra }
  if (status.controllerPause && (status.pauseConditions ?? []).length === 0) {
    return inProgress('waiting for the rollout to unpause', extra)
  }
  const paused = pauseReason(object.spec, status)
  switch (status.phase) {
    case 'Healthy':
      return current(`Healthy${status.message ? `: ${status.message}` : ''}`, extra)
    case 'Degraded':
      return failed(`Degraded: ${status.message || 'the rollout is degraded'}`, extra)
    case 'Paused':
      return inProgress(
        `paused: ${paused ?? status.message ?? 'waiting to be promoted'}${step(status)}`,
        extra
      )
    case 'Progressing':
      return inProgress(`Progressing${status.message ? `: ${status.message}` : ''}${step(status)}`, extra)
    default:
      break
  }
  for (const condition of (object.status?.conditions ?? []) as {
    type?: string
    reason?: string
    message?: string
  }[]) {
    if (
      condition.type === 'InvalidSpec' ||
      condition.reason === 'RolloutAborted' ||
      condition.reason === 'ProgressDeadlineExceeded'
    ) {
      return failed(
        `${condition.type === 'InvalidSpec' ? 'InvalidSpec' : condition.reason}: ${condition.message ?? ''}`,
        extra
      )
    }
  }
  if (paused) return inProgress(`paused: ${paused}${step(status)}`, extra)
  if (conditionOf(object, 'Healthy')?.status === 'True') return current('Healthy', extra)
  return inProgress('waiting for the controller to report a phase', extra)
}

function pauseReason(spec: { paused?: boolean } | undefined, status: RolloutStatus): string | undefined {
  if (spec?.paused) return 'manually paused (spec.paused)'
  const reasons = (status.pauseConditions ?? []).map(condition => condition.reason).filter(Boolean)
  return reasons.length > 0 ? reasons.join(', ') : undefined
}

function step(status: RolloutStatus): string {
  return status.currentStepIndex === undefined ? '' : ` (step ${status.currentStepIndex})`
}
