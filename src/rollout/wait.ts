import type { ClusterClient } from '../cluster/client.js'
import { displayName, refKey, type ObjectRef } from '../kube-object.js'
import type { Departure } from './departure.js'
import { EMPTY_MEMORY, type JudgeMemory } from './grace-clock.js'
import { judge, problemsOf, type Judgement, type JudgePlan } from './judge.js'
import type { ObjectOutcome, RolloutState, SelectorOutcome, WaitResult, WaitStatus } from './outcome.js'
import { ProgressLog } from './progress.js'
import { reportingKinds } from './reporting-kinds.js'
import type { JudgePolicy, WaitUntil } from './rules/rule.js'
import { WatchSet } from './watch-set.js'

export type { ObjectOutcome, WaitResult, WaitStatus } from './outcome.js'

/** How long a pod may stay unschedulable, with no word from a cluster autoscaler, before it counts. */
export const UNSCHEDULABLE_GRACE_MS = 60_000
/** A first image pull error counts only after this long: the kubelet retries once before backing off. */
export const PULL_ERROR_GRACE_MS = 5_000
/** A selector that matches no pod this long after everything else is ready is an error. */
export const EMPTY_SELECTOR_GRACE_MS = 10_000
/**
 * At the deadline, the server is asked once whether it still answers, for this long: a server that
 * accepts connections but never answers leaves the watches silent, not failed.
 */
export const DEADLINE_PROBE_MS = 2_000

export interface WaitOptions {
  targets: ObjectRef[]
  /** Targets the run deleted: waited on until gone (see departure.ts). */
  departures?: Departure[]
  /** Label selector of pods that must be ready too, in `namespace`. */
  selector?: string
  namespace: string
  /** Epoch milliseconds: one deadline for the whole wait. */
  deadline: number
  failFast: boolean
  rules: { readyConditions: Record<string, string>; failureConditions?: Record<string, string> }
  /** What counts as done for an Argo Rollout; `ready` when absent. */
  waitUntil?: WaitUntil
  /** Grace periods; the defaults above unless a test needs them shorter. */
  pullErrorGraceMs?: number
  unschedulableGraceMs?: number
  emptySelectorGraceMs?: number
  /** Epoch milliseconds the step started: the origin of the timeline. */
  startedAt: number
  progress?: ProgressLog
  /** Aborted when the run is cancelled: the wait ends at once, `cancelled`. */
  signal?: AbortSignal
}

/**
 * Waits until every target (and every current pod matching the selector) is ready, something fails,
 * or the deadline passes. The watch set keeps the picture current; after every burst of events (and
 * when a grace period ends) the pure judge gives the verdict from one snapshot.
 */
export async function waitForRollout(client: ClusterClient, options: WaitOptions): Promise<WaitResult> {
  const policy: JudgePolicy = {
    failFast: options.failFast,
    readyConditions: options.rules.readyConditions,
    failureConditions: options.rules.failureConditions ?? {},
    waitUntil: options.waitUntil,
    reportingKinds: await reportingKinds(client, staying(options)),
    pullErrorGraceMs: options.pullErrorGraceMs ?? PULL_ERROR_GRACE_MS,
    unschedulableGraceMs: options.unschedulableGraceMs ?? UNSCHEDULABLE_GRACE_MS,
    emptySelectorGraceMs: options.emptySelectorGraceMs ?? EMPTY_SELECTOR_GRACE_MS
  }
  return new RolloutWait(client, options, policy).run()
}

/** One wait: its watches, its timers, and the outcomes as last judged. */
class RolloutWait {
  private readonly plan: JudgePlan
  private readonly progress: ProgressLog
  private readonly watches: WatchSet
  private readonly settledAt = new Map<string, { state: RolloutState; at: number }>()
  private memory: JudgeMemory = EMPTY_MEMORY
  private last?: Judgement
  private started = false
  private finished = false
  private scheduled = false
  private deadlineTimer?: NodeJS.Timeout
  private wakeTimer?: NodeJS.Timeout
  private settle?: { resolve: (result: WaitResult) => void; reject: (error: Error) => void }

  constructor(
    private readonly client: ClusterClient,
    private readonly options: WaitOptions,
    private readonly policy: JudgePolicy
  ) {
    this.plan = {
      targets: options.targets,
      selector: options.selector ? { expression: options.selector, namespace: options.namespace } : undefined,
      departures: options.departures
    }
    this.progress = options.progress ?? new ProgressLog(options.startedAt)
    this.watches = new WatchSet(
      client,
      {
        targets: options.targets,
        selectorNamespace: options.selector ? options.namespace : undefined,
        departures: options.departures?.map(departure => departure.ref)
      },
      () => this.schedule(),
      error => this.fail(error)
    )
  }

  run(): Promise<WaitResult> {
    return new Promise<WaitResult>((resolve, reject) => {
      this.settle = { resolve, reject }
      const { signal } = this.options
      if (signal?.aborted) return this.finish('cancelled')
      signal?.addEventListener('abort', () => this.finish('cancelled'), { once: true })
      this.deadlineTimer = setTimeout(
        () => {
          if (this.started && !this.finished) this.evaluate()
          void this.timeOut()
        },
        Math.max(this.options.deadline - Date.now(), 0)
      )
      this.watches
        .start()
        .then(() => {
          this.started = true
          if (!this.finished) this.evaluate()
        })
        .catch((error: unknown) => this.fail(error as Error))
    })
  }

  /** Coalesces a burst of events into one evaluation. */
  private schedule(): void {
    if (this.scheduled || !this.started) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      if (!this.finished) this.evaluate()
    })
  }

  private evaluate(): void {
    const now = Date.now()
    const judgement = judge(this.plan, this.watches.snapshot(), now, this.memory, this.policy)
    this.memory = judgement.memory
    this.last = judgement
    // One line of progress per object and for the selector; objects without a rollout stay quiet.
    const total = judgement.objects.length
    for (const object of judgement.objects) {
      const name = progressName(object.ref)
      this.record(name, object.state, now)
      if (object.message !== 'stored') this.progress.report(name, object.state, object.message, now, total)
    }
    const ready = judgement.objects.filter(object => object.state === 'Current').length
    this.progress.tally(ready, total, now)
    if (judgement.selector) {
      const name = this.selectorName()
      this.record(name, judgement.selector.state, now)
      this.progress.report(name, judgement.selector.state, judgement.selector.message, now)
    }
    if (judgement.verdict) {
      this.finish(judgement.verdict)
      return
    }
    clearTimeout(this.wakeTimer)
    if (judgement.wakeAt !== undefined) {
      this.wakeTimer = setTimeout(() => this.schedule(), Math.max(judgement.wakeAt - Date.now(), 0) + 10)
    }
  }

  private selectorName(): string {
    return `pods matching "${this.options.selector ?? ''}"`
  }

  /** When each object last reached a settled state (ready or failed), relative to the start of the step. */
  private record(name: string, state: RolloutState, now: number): void {
    const previous = this.settledAt.get(name)
    if (state === 'InProgress') this.settledAt.delete(name)
    else if (previous?.state !== state) this.settledAt.set(name, { state, at: now - this.options.startedAt })
  }

  /** Stops every watch and timer; false when the wait had already ended. */
  private end(): boolean {
    if (this.finished) return false
    this.finished = true
    clearTimeout(this.deadlineTimer)
    clearTimeout(this.wakeTimer)
    this.watches.stop()
    return true
  }

  private finish(status: WaitStatus): void {
    if (this.end()) this.settle?.resolve(this.result(status))
  }

  /**
   * The deadline passed: the watches stop, then, unless they already know the server is away, the
   * server is asked once whether it answers at all (a frozen server keeps the watches silent).
   */
  private async timeOut(): Promise<void> {
    if (!this.end()) return
    const contact = this.watches.contact
    if (!contact.troubled)
      await this.client.ping(DEADLINE_PROBE_MS).catch((error: unknown) => contact.silent(error))
    this.settle?.resolve(this.result('timed-out'))
  }

  private fail(error: Error): void {
    if (this.end()) this.settle?.reject(error)
  }

  private result(status: WaitStatus): WaitResult {
    const judgement = this.last
    const objects: ObjectOutcome[] = (
      judgement?.objects ??
      this.options.targets.map(ref => ({
        ref,
        state: 'InProgress' as const,
        message: 'not seen yet',
        pods: []
      }))
    ).map(object => ({
      ...object,
      settledAt: this.settledAt.get(progressName(object.ref))?.at
    }))
    let selector: SelectorOutcome | undefined
    if (this.options.selector) {
      const verdict = judgement?.selector
      selector = {
        expression: this.options.selector,
        namespace: this.options.namespace,
        state: verdict?.state ?? 'InProgress',
        message: verdict?.message ?? 'not seen yet',
        matched: verdict?.matched ?? 0,
        images: verdict?.images,
        pods: verdict?.pods ?? [],
        settledAt: this.settledAt.get(this.selectorName())?.at
      }
    }
    const problems = status === 'succeeded' ? [] : problemsOf({ objects, selector }, this.options.selector)
    const apiTrouble = status === 'timed-out' ? this.watches.contact.describe() : undefined
    if (apiTrouble) problems.unshift(apiTrouble)
    return { status, objects, selector, problems, ...(apiTrouble ? { apiTrouble } : {}) }
  }
}

/** The targets that are to be ready, not gone. */
function staying(options: WaitOptions): ObjectRef[] {
  const leaving = new Set((options.departures ?? []).map(departure => refKey(departure.ref)))
  return options.targets.filter(ref => !leaving.has(refKey(ref)))
}

/** How progress lines and the timeline name an object: `deployment/web (shop)`. */
function progressName(ref: ObjectRef): string {
  return displayName(ref) + (ref.namespace ? ` (${ref.namespace})` : '')
}
