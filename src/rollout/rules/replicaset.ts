import { current, inProgress, notObserved, numberAt, type StatusRule } from './rule.js'

/** apps/v1 ReplicaSet (and v1 ReplicationController): all desired replicas available. */
export const replicaSetStatus: StatusRule = object => {
  const unobserved = notObserved(object)
  if (unobserved) return unobserved
  const desired = (object.spec as { replicas?: number } | undefined)?.replicas ?? 1
  const available = numberAt(object.status, 'availableReplicas')
  if (available < desired) return inProgress(`${available} of ${desired} replicas available`)
  return current(`${available} of ${desired} replicas available`)
}
