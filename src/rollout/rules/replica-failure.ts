import { conditionOf, type KubeObject } from '../../kube-object.js'
import type { RuleResult } from './rule.js'

/**
 * What the API answered when the ReplicaSet controller tried to create a pod, as its
 * `ReplicaFailure=True` condition says. The controller sets the condition on any error of the create
 * and clears it once a later sync succeeds (replica_set_utils.go calculateStatus), so it means two
 * different things:
 * - the API refused the pod itself (quota exceeded, PodSecurity, LimitRange, a missing ServiceAccount
 *   or PriorityClass, an admission webhook): `forbidden`, `invalid` or `denied`, which no amount of
 *   waiting changes — a failure;
 * - the API could not be asked (etcd restarting, a timeout, a connection reset): the controller tries
 *   again, and the pods come — progress, reported with the message.
 * The Deployment copies the condition from its new ReplicaSet a moment later, so both are read.
 */
export interface ReplicaFailure {
  message: string
  /** The API refused the pod: waiting will not make it appear. */
  refused: boolean
}

/** Words of an API error that refuses the pod itself, not one of a server that could not answer. */
const REFUSAL = /\bis forbidden\b|\bis invalid\b|\bdenied the request\b|\bexceeded quota\b/

export function replicaFailure(object: KubeObject | undefined): ReplicaFailure | undefined {
  const condition = object && conditionOf(object, 'ReplicaFailure')
  if (condition?.status !== 'True') return undefined
  const text = condition.message ?? 'pods cannot be created'
  return {
    message: `ReplicaFailure: ${condition.reason ?? 'FailedCreate'}: ${text}`,
    // A condition without a message says nothing of a retry: as before, the API refused it.
    refused: condition.message === undefined || REFUSAL.test(text)
  }
}

/** A rollout still under way says why pods are missing when the controller's last create failed. */
export function retrying(result: RuleResult, createFailure: ReplicaFailure | undefined): RuleResult {
  if (!createFailure || result.state !== 'InProgress') return result
  return { ...result, message: `${result.message}; the controller retries: ${createFailure.message}` }
}
