import type { ObjectRef } from '../kube-object.js'

/** Where an object stands: still moving, done, or done badly (no point waiting further). */
export type RolloutState = 'InProgress' | 'Current' | 'Failed'

/** How a wait ended; `cancelled` when the run itself was (SIGINT / SIGTERM: a cancelled job). */
export type WaitStatus = 'succeeded' | 'failed' | 'timed-out' | 'cancelled'

/**
 * One pod of a workload's current revision that is not (yet) ready, and why: what a person looks at
 * first when the rollout did not succeed. `terminal` pods are the ones that made the verdict fail.
 */
export interface PodProblem {
  pod: string
  namespace: string
  /** The container the reason is about, when it is about one. */
  container?: string
  /** Machine word from the API: ErrImagePull, CrashLoopBackOff, Unschedulable, ContainersNotReady, ... */
  reason: string
  message: string
  /** Restarts of `container` (or of the pod's containers): its previous instance has a log worth reading. */
  restarts: number
  /** True when this problem alone decides the verdict (fail-fast), false while it may still resolve. */
  terminal: boolean
}

/** Where one object ended up, with what the report shows; every field comes from one snapshot. */
export interface ObjectOutcome {
  ref: ObjectRef
  state: RolloutState
  message: string
  /** Milliseconds from the start of the step to the moment it became ready or failed. */
  settledAt?: number
  /** `ready/desired` replicas for workloads, counted the same way as `message`. */
  replicas?: string
  /** container → image, from the pods of the current revision. */
  images?: Record<string, string>
  /** Pods of the current revision that are not ready, terminal problems first. */
  pods: PodProblem[]
}

/** What the `selector` input found and how it stands. */
export interface SelectorOutcome {
  expression: string
  namespace: string
  state: RolloutState
  message: string
  /** How many pods of current revisions match. */
  matched: number
  settledAt?: number
  /** `kind/name` of each workload the selected pods belong to → container → image. */
  images?: Record<string, Record<string, string>>
  /** Selected pods that are not ready, terminal problems first. */
  pods: PodProblem[]
}

export interface WaitResult {
  status: WaitStatus
  objects: ObjectOutcome[]
  selector?: SelectorOutcome
  /** One line per problem, naming the object and the reason; failures first. */
  problems: string[]
  /**
   * Set when the wait ended while the API server could not be reached or did not answer: what it
   * did, since when (then also the first problem). Nothing more can be asked of the server then.
   */
  apiTrouble?: string
}
