import { describeProblem, judgePods } from '../pod-problems.js'
import { currentPodsOf } from '../revision.js'
import { current, failed, inProgress, notObserved, numberAt, type Rule } from './rule.js'

/**
 * apps/v1 DaemonSet, read as `kubectl rollout status` does: the spec observed, every scheduled node
 * running a pod of the current ControllerRevision, and each of them available.
 */
export const daemonSetRule: Rule = ({ object, cluster, policy, clock }) => {
  const status = object.status
  const desired = numberAt(status, 'desiredNumberScheduled')
  const unobserved = notObserved(object)
  // Counts written for an older spec say nothing about this one: no Ready column yet.
  if (unobserved) return unobserved
  const pods = currentPodsOf(object, cluster)
  const verdict = judgePods(pods, { cluster, policy, clock })
  const extra = { pods: verdict.problems, currentPods: pods }
  const available = numberAt(status, 'numberAvailable')
  const replicas = `${available}/${desired}`
  if (verdict.failure) {
    return failed(describeProblem(verdict.failure), {
      ...extra,
      replicas
    })
  }
  const onDelete =
    (object.spec as { updateStrategy?: { type?: string } } | undefined)?.updateStrategy?.type === 'OnDelete'
  const updated = numberAt(status, 'updatedNumberScheduled')
  if (!onDelete && updated < desired)
    return inProgress(`${updated} of ${desired} pods updated`, { ...extra, replicas })
  if (available < desired)
    return inProgress(`${available} of ${desired} pods available`, { ...extra, replicas })
  return current(`${available} of ${desired} pods available${onDelete ? ' (OnDelete)' : ''}`, {
    ...extra,
    replicas
  })
}
