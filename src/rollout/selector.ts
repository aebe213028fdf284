import { displayName, toRef, type KubeObject } from '../kube-object.js'
import type { GraceClock } from './grace-clock.js'
import { parseLabelSelector } from './label-selector.js'
import type { PodProblem, RolloutState } from './outcome.js'
import { describeProblem, isPodReady, judgePods } from './pod-problems.js'
import { currentPodsOf, imagesOf } from './revision.js'
import { ruleFor } from './rules/registry.js'
import type { JudgePolicy, RuleResult } from './rules/rule.js'
import type { NamespaceView, Snapshot } from './snapshot.js'

export interface SelectorPlan {
  expression: string
  namespace: string
}

export interface SelectorVerdict {
  state: RolloutState
  message: string
  matched: number
  pods: PodProblem[]
  images: Record<string, Record<string, string>>
}

const OWNER_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job'])
/** Owners of ReplicaSets whose rollout the selected pods belong to. */
const REPLICA_SET_OWNER_KINDS = new Set(['Deployment', 'Rollout'])

/**
 * The pods the `selector` input names, judged as the rollouts they belong to. A pod counts only when
 * it is of its owner's current revision (the Deployment's newest ReplicaSet, the StatefulSet's update
 * revision, the DaemonSet's current ControllerRevision); terminating pods never count. Each owner must
 * also have finished its rollout, judged by its own rule: right after a restart the old pods are still
 * Ready and prove nothing. A selector that matches nothing is an error once everything else is ready
 * and a grace has passed (the pods may be created by what was just applied).
 */
export function judgeSelector(
  plan: SelectorPlan,
  snapshot: Snapshot,
  policy: JudgePolicy,
  clock: GraceClock,
  othersReady: boolean
): SelectorVerdict {
  const cluster = snapshot.namespace(plan.namespace)
  const matches = parseLabelSelector(plan.expression)
  const matched = cluster.pods.filter(pod => !pod.metadata.deletionTimestamp && matches(pod.metadata.labels))
  const owners = new Map<KubeObject, KubeObject[]>()
  // Each owner's current revision, worked out once however many of its pods match.
  const currentOf = new Map<KubeObject, Set<KubeObject>>()
  const ownerless: KubeObject[] = []
  for (const pod of matched) {
    const owner = workloadOf(pod, cluster)
    if (owner === 'old-revision') continue
    if (!owner) {
      ownerless.push(pod)
      continue
    }
    let current = currentOf.get(owner)
    if (!current) currentOf.set(owner, (current = new Set(currentPodsOf(owner, cluster))))
    if (!current.has(pod)) continue
    const pods = owners.get(owner)
    if (pods) pods.push(pod)
    else owners.set(owner, [pod])
  }
  const counted = [...ownerless, ...[...owners.values()].flat()]
  const images: Record<string, Record<string, string>> = {}
  for (const [owner, pods] of owners) images[displayName(toRef(owner))] = imagesOf(pods) ?? {}
  for (const pod of ownerless) images[displayName(toRef(pod))] = imagesOf([pod]) ?? {}

  const bare = judgePods(ownerless, { cluster, policy, clock })
  const ownerResults = [...owners.keys()].map(owner => ({
    owner,
    result: judgeOwner(owner, cluster, policy, clock)
  }))
  const selected = new Set(counted.map(pod => pod.metadata.name))
  const pods = [...bare.problems, ...ownerResults.flatMap(({ result }) => result.pods ?? [])]
    .filter(problem => selected.has(problem.pod))
    .sort((a, b) => Number(b.terminal) - Number(a.terminal))
  const verdict = (state: RolloutState, message: string): SelectorVerdict => ({
    state,
    message,
    matched: counted.length,
    pods,
    images
  })

  if (bare.failure) return verdict('Failed', describeProblem(bare.failure))
  const failedOwner = ownerResults.find(({ result }) => result.state === 'Failed')
  if (failedOwner)
    return verdict('Failed', `${displayName(toRef(failedOwner.owner))}: ${failedOwner.result.message}`)
  if (counted.length === 0) {
    const waiting = `no pod of a current revision matches "${plan.expression}" yet`
    if (!othersReady) return verdict('InProgress', waiting)
    if (clock.outlasted(`selector/${plan.namespace}/${plan.expression}/empty`, policy.emptySelectorGraceMs)) {
      return verdict('Failed', `no pod matches selector "${plan.expression}" in namespace ${plan.namespace}`)
    }
    return verdict('InProgress', waiting)
  }
  const rolling = ownerResults.find(({ result }) => result.state !== 'Current')
  if (rolling) return verdict('InProgress', `${displayName(toRef(rolling.owner))}: ${rolling.result.message}`)
  const ready = counted.filter(isPodReady).length
  return verdict(
    ready === counted.length ? 'Current' : 'InProgress',
    `${ready} of ${counted.length} pods ready`
  )
}

function judgeOwner(
  owner: KubeObject,
  cluster: NamespaceView,
  policy: JudgePolicy,
  clock: GraceClock
): RuleResult {
  const rule = ruleFor(owner)
  return rule ? rule({ object: owner, cluster, policy, clock }) : { state: 'Current', message: 'no rule' }
}

/**
 * The workload whose rollout a pod belongs to: its controller, or its ReplicaSet's Deployment (or
 * Argo Rollout).
 * Undefined for a pod without a known owner (it counts by itself); 'old-revision' for a pod of a
 * ReplicaSet scaled to zero by an owner we do not watch (an old revision on its way out).
 */
function workloadOf(pod: KubeObject, cluster: NamespaceView): KubeObject | 'old-revision' | undefined {
  const owner = controllerOf(pod, cluster)
  if (!owner) return undefined
  if (OWNER_KINDS.has(owner.kind)) return owner
  if (owner.kind !== 'ReplicaSet') return undefined
  const rollout = controllerOf(owner, cluster)
  if (rollout && REPLICA_SET_OWNER_KINDS.has(rollout.kind)) return rollout
  if ((owner.spec as { replicas?: number } | undefined)?.replicas === 0) return 'old-revision'
  return owner
}

function controllerOf(object: KubeObject, cluster: NamespaceView): KubeObject | undefined {
  const reference = object.metadata.ownerReferences?.find(owner => owner.controller)
  return cluster.byUid(reference?.uid)
}
