import { conditionOf, type KubeObject } from '../../kube-object.js'

/**
 * The message of a `ReplicaFailure=True` condition: the ReplicaSet controller could not create a pod
 * (quota exceeded, PodSecurity, LimitRange, a missing ServiceAccount or PriorityClass). The API
 * refused the pod itself, so no amount of waiting makes it appear; the Deployment copies the
 * condition from its new ReplicaSet a moment later, so both are read.
 */
export function replicaFailure(object: KubeObject | undefined): string | undefined {
  const condition = object && conditionOf(object, 'ReplicaFailure')
  if (condition?.status !== 'True') return undefined
  return `ReplicaFailure: ${condition.reason ?? 'FailedCreate'}: ${condition.message ?? 'pods cannot be created'}`
}
