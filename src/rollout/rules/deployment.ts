import { conditionOf, type KubeObject } from '../../kube-object.js'
import { describeProblem, isPodReady, judgePods } from '../pod-problems.js'
import { currentPodsOf, newReplicaSetOf } from '../revision.js'
import type { NamespaceView } from '../snapshot.js'
import { replicaFailure, retrying } from './replica-failure.js'
import { current, failed, inProgress, notObserved, numberAt, type Rule, type RuleResult } from './rule.js'

interface DeploymentSpec {
  replicas?: number
  paused?: boolean
  minReadySeconds?: number
}

/**
 * apps/v1 Deployment, read as `kubectl rollout status` and the deployment controller do: the
 * controller has observed the spec, every replica runs the new template and is available, no old
 * replica is left, and the progress deadline has not passed. The pods of the new ReplicaSet decide
 * earlier: a terminal problem there fails the rollout at once, and all of them Ready proves it
 * before the controller gets round to counting them.
 */
export const deploymentRule: Rule = ({ object, cluster, policy, clock }) => {
  const spec = (object.spec ?? {}) as DeploymentSpec
  const desired = spec.replicas ?? 1
  const progressing = conditionOf(object, 'Progressing')
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return failed(
      `ProgressDeadlineExceeded: ${progressing.message ?? 'the rollout made no progress in time'}`,
      {
        replicas: `${numberAt(object.status, 'availableReplicas')}/${desired}`
      }
    )
  }
  const unobserved = notObserved(object)
  // Counts written for an older spec say nothing about this one: no Ready column yet.
  if (unobserved) return unobserved

  const pods = currentPodsOf(object, cluster)
  const verdict = judgePods(pods, { cluster, policy, clock })
  const extra = { pods: verdict.problems, currentPods: pods }
  const createFailure = replicaFailure(object) ?? replicaFailure(newReplicaSetOf(object, cluster))
  if (createFailure?.refused && policy.failFast)
    return failed(createFailure.message, { ...extra, replicas: `${verdict.ready}/${desired}` })
  if (verdict.failure) {
    return failed(describeProblem(verdict.failure), {
      ...extra,
      replicas: `${verdict.ready}/${desired}`
    })
  }
  if (spec.paused) {
    return current('paused: the rollout will not progress until it is resumed', {
      ...extra,
      replicas: `${numberAt(object.status, 'availableReplicas')}/${desired}`
    })
  }
  const fromPods = readyFromPods(object, spec, cluster, pods)
  if (fromPods) return { ...fromPods, ...extra }
  return retrying(fromStatus(object.status, desired, extra), createFailure)
}

function fromStatus(
  status: Record<string, unknown> | undefined,
  desired: number,
  extra: Partial<RuleResult>
): RuleResult {
  const updated = numberAt(status, 'updatedReplicas')
  const total = numberAt(status, 'replicas')
  const available = numberAt(status, 'availableReplicas')
  const replicas = `${Math.min(available, updated)}/${desired}`
  if (updated < desired)
    return inProgress(`${updated} of ${desired} replicas updated`, { ...extra, replicas })
  if (total > updated) {
    return inProgress(`${total - updated} old replicas pending termination`, { ...extra, replicas })
  }
  if (available < updated) {
    return inProgress(`${available} of ${desired} replicas available`, { ...extra, replicas })
  }
  return current(`${available} of ${desired} replicas available`, { ...extra, replicas })
}

/**
 * Under load the deployment controller writes availableReplicas a second or more after the last pod
 * turned Ready. The pods already prove the rollout when, for the generation the controller observed,
 * the new ReplicaSet runs exactly the desired number of Ready pods, no pod of an older ReplicaSet is
 * left, and no minReadySeconds asks for more patience.
 */
function readyFromPods(
  deployment: KubeObject,
  spec: DeploymentSpec,
  cluster: NamespaceView,
  pods: KubeObject[]
): RuleResult | undefined {
  if ((spec.minReadySeconds ?? 0) > 0) return undefined
  const newReplicaSet = newReplicaSetOf(deployment, cluster)
  if (!newReplicaSet) return undefined
  const desired = spec.replicas ?? 1
  if (pods.length !== desired || !pods.every(isPodReady)) return undefined
  const oldPodsLeft = cluster
    .ownedOf(deployment, 'ReplicaSet')
    .some(rs => rs !== newReplicaSet && cluster.podsOwnedBy(rs).length > 0)
  if (oldPodsLeft) return undefined
  return current(`${desired} of ${desired} replicas available`, { replicas: `${desired}/${desired}` })
}
