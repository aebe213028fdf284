import { current, inProgress, notObserved, numberAt, type StatusRule } from './rule.js'

/** apps/v1 DaemonSet: every scheduled node runs an updated, available pod. */
export const daemonSetStatus: StatusRule = object => {
  const unobserved = notObserved(object)
  if (unobserved) return unobserved
  const status = object.status
  const desired = numberAt(status, 'desiredNumberScheduled')
  const updated = numberAt(status, 'updatedNumberScheduled')
  const available = numberAt(status, 'numberAvailable')
  if (updated < desired) return inProgress(`${updated} of ${desired} pods updated`)
  if (available < desired) return inProgress(`${available} of ${desired} pods available`)
  return current(`${available} of ${desired} pods available`)
}
