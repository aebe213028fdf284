import { conditionOf } from '../../kube-object.js'
import { current, failed, inProgress, notObserved, numberAt, type StatusRule } from './rule.js'

/** apps/v1 Deployment: every replica updated and available, no old replica left, deadline not exceeded. */
export const deploymentStatus: StatusRule = object => {
  const progressing = conditionOf(object, 'Progressing')
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return failed(
      `ProgressDeadlineExceeded: ${progressing.message ?? 'the rollout made no progress in time'}`
    )
  }
  const unobserved = notObserved(object)
  if (unobserved) return unobserved
  const spec = object.spec as { replicas?: number; paused?: boolean } | undefined
  if (spec?.paused) return current('paused: the rollout will not progress until it is resumed')
  const desired = spec?.replicas ?? 1
  const status = object.status
  const updated = numberAt(status, 'updatedReplicas')
  const total = numberAt(status, 'replicas')
  const available = numberAt(status, 'availableReplicas')
  if (updated < desired) return inProgress(`${updated} of ${desired} replicas updated`)
  if (total > updated) return inProgress(`${total - updated} old replicas pending termination`)
  if (available < updated) return inProgress(`${available} of ${desired} replicas available`)
  return current(`${available} of ${desired} replicas available`)
}
