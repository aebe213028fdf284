import type { KubeObject } from '../../kube-object.js'
import type { GraceClock } from '../grace-clock.js'
import type { PodProblem, RolloutState } from '../outcome.js'
import type { NamespaceView } from '../snapshot.js'

export type { RolloutState } from '../outcome.js'

/**
 * What counts as done for a kind that stops on its own between revisions (an Argo Rollout): `ready`
 * (the default) is fully rolled out; `paused` is stopped at a canary pause step or a blue-green
 * preview, or ready; `aborted` (what `command: abort` waits for) is back on the stable ReplicaSet.
 * Kinds that never pause judge the same under all three.
 */
export type WaitUntil = 'ready' | 'paused' | 'aborted'

/** What the user decided about waiting, and the patience the judge grants transient problems. */
export interface JudgePolicy {
  /** Stop at the first problem that waiting will not fix (the `fail-fast` input). */
  failFast: boolean
  /** `Kind.group` → condition type that means ready (the `ready-conditions` input). */
  readyConditions: Record<string, string>
  /** `Kind.group` → condition type that means failed when True (the `failure-conditions` input). */
  failureConditions: Record<string, string>
  /** `Kind.group` of custom kinds whose CRD has a status subresource: a controller will report on them. */
  reportingKinds: ReadonlySet<string>
  /** What counts as done for an Argo Rollout; `ready` when absent. */
  waitUntil?: WaitUntil
  /** How long a first image pull error may last before it counts: the kubelet retries it. */
  pullErrorGraceMs: number
  /** How long a pod may stay unschedulable before it counts, when no autoscaler said anything. */
  unschedulableGraceMs: number
  /** A selector that still matches no pod this long after everything else is ready is an error. */
  emptySelectorGraceMs: number
}

/** Everything a rule may read: the object, its namespace in the same snapshot, the policy and the clock. */
export interface RuleInput {
  object: KubeObject
  cluster: NamespaceView
  policy: JudgePolicy
  clock: GraceClock
}

/** A rule's whole verdict on one object; `replicas` and `message` come from the same numbers. */
export interface RuleResult {
  state: RolloutState
  message: string
  /** `ready/desired` for workloads. */
  replicas?: string
  /** Pods of the current revision that are not ready, terminal problems first. */
  pods?: PodProblem[]
  /** The current revision's pods, for the images they run. */
  currentPods?: KubeObject[]
}

/** A readiness rule for one kind: pure, from the snapshot alone. */
export type Rule = (input: RuleInput) => RuleResult

export const inProgress = (message: string, extra: Partial<RuleResult> = {}): RuleResult => ({
  ...extra,
  state: 'InProgress',
  message
})
export const current = (message: string, extra: Partial<RuleResult> = {}): RuleResult => ({
  ...extra,
  state: 'Current',
  message
})
export const failed = (message: string, extra: Partial<RuleResult> = {}): RuleResult => ({
  ...extra,
  state: 'Failed',
  message
})

/**
 * Checked before anything else, as kstatus and kapp do: a status not yet written for this spec says
 * nothing. Some controllers (Argo Rollouts) write observedGeneration as a string: read numbers in both.
 */
export function notObserved(object: KubeObject): RuleResult | undefined {
  const generation = object.metadata.generation
  const observed = observedGeneration(object)
  if (generation !== undefined && (observed === undefined || observed < generation)) {
    return inProgress(`waiting for the controller to observe generation ${generation}`)
  }
  return undefined
}

/** status.observedGeneration as a number; undefined when absent or not a number at all. */
export function observedGeneration(object: KubeObject): number | undefined {
  const value = object.status?.observedGeneration
  if (typeof value === 'number') return value
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value)
  return undefined
}

export function numberAt(status: Record<string, unknown> | undefined, field: string): number {
  const value = status?.[field]
  return typeof value === 'number' ? value : 0
}
