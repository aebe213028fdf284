import { conditionOf, groupKind, type KubeObject } from '../kube-object.js'
import { currentPodsOf, newReplicaSetOf, type NamespacePods } from './revision.js'
import type { RuleResult } from './rules/rule.js'

/**
 * A Deployment whose pods are all ready before its controller has said so. Under load the
 * deployment controller writes availableReplicas a second or more after the last pod turned Ready;
 * the pods themselves already prove the rollout when, for the generation the controller has
 * observed, the new ReplicaSet runs exactly the desired number of Ready pods, no pod of an older
 * ReplicaSet is left, and no minReadySeconds asks for more patience. Otherwise undefined: the
 * Deployment's own status decides.
 */
export function deploymentReadyFromPods(deployment: KubeObject, seen: NamespacePods): RuleResult | undefined {
  if (groupKind(deployment) !== 'Deployment.apps') return undefined
  const spec = deployment.spec as
    { replicas?: number; minReadySeconds?: number; paused?: boolean } | undefined
  const observed = deployment.status?.observedGeneration as number | undefined
  if (spec?.paused || (spec?.minReadySeconds ?? 0) > 0) return undefined
  if (observed === undefined || observed < (deployment.metadata.generation ?? 0)) return undefined
  const newReplicaSet = newReplicaSetOf(deployment, seen.replicaSets)
  if (!newReplicaSet) return undefined
  const desired = spec?.replicas ?? 1
  const pods = currentPodsOf(deployment, seen)
  if (pods.length !== desired || !pods.every(pod => conditionOf(pod, 'Ready')?.status === 'True'))
    return undefined
  const oldPodsLeft = seen.replicaSets.some(
    rs =>
      rs.metadata.uid !== newReplicaSet.metadata.uid &&
      rs.metadata.ownerReferences?.some(owner => owner.uid === deployment.metadata.uid) &&
      (seen.podsByOwner.get(rs.metadata.uid ?? '')?.length ?? 0) > 0
  )
  if (oldPodsLeft) return undefined
  return { state: 'Current', message: `${desired} of ${desired} replicas available` }
}
