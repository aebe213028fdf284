import { describeProblem, judgePods } from '../pod-problems.js'
import { currentPodsOf } from '../revision.js'
import { replicaFailure, retrying } from './replica-failure.js'
import { current, failed, inProgress, notObserved, numberAt, type Rule } from './rule.js'

/** apps/v1 ReplicaSet (and v1 ReplicationController): all desired replicas available. */
export const replicaSetRule: Rule = ({ object, cluster, policy, clock }) => {
  const desired = (object.spec as { replicas?: number } | undefined)?.replicas ?? 1
  const unobserved = notObserved(object)
  // Counts written for an older spec say nothing about this one: no Ready column yet.
  if (unobserved) return unobserved
  const pods = currentPodsOf(object, cluster)
  const verdict = judgePods(pods, { cluster, policy, clock })
  const available = numberAt(object.status, 'availableReplicas')
  const extra = { pods: verdict.problems, currentPods: pods, replicas: `${available}/${desired}` }
  const createFailure = replicaFailure(object)
  if (createFailure?.refused && policy.failFast) return failed(createFailure.message, extra)
  if (verdict.failure) {
    return failed(describeProblem(verdict.failure), extra)
  }
  if (available < desired)
    return retrying(inProgress(`${available} of ${desired} replicas available`, extra), createFailure)
  return current(`${available} of ${desired} replicas available`, extra)
}
