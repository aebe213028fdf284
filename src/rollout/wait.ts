import type { ClusterClient } from '../cluster/client.js'
import { groupBy } from '../support/group-by.js'
import { displayName, groupKind, refKey, toRef, type KubeObject, type ObjectRef } from '../kube-object.js'
import { podFailure, TRANSIENT_PULL_ERROR, type PodFailure } from './pod-failure.js'
import { ProgressLog } from './progress.js'
import { CollectionWatch, type CollectionSpec } from './resource-watch.js'
import { currentPodsOf, namespacePods, selectedPods, runningImages, type NamespacePods } from './revision.js'
import { podStatus } from './rules/pod.js'
import type { RolloutState, RuleContext, RuleResult } from './rules/rule.js'
import { deploymentReadyFromPods } from './pod-readiness.js'
import { reportingKinds } from './reporting-kinds.js'
import { hasRollout, statusOf, WORKLOAD_KINDS } from './status.js'

import type { ObjectOutcome, WaitResult, WaitStatus } from './outcome.js'
export type { ObjectOutcome, WaitResult, WaitStatus } from './outcome.js'

export interface WaitOptions {
  targets: ObjectRef[]
  /** Label selector of pods that must be ready too, in `namespace`. */
  selector?: string
  namespace: string
  /** Epoch milliseconds: one deadline for the whole wait. */
  deadline: number
  failFast: boolean
  /** How long a first image pull error may last before it counts (the kubelet retries it). */
  pullErrorGraceMs: number
  /** A selector that still matches no pod this long after everything else is ready is an error. */
  emptySelectorGraceMs: number
  rules: RuleContext
  /** Epoch milliseconds the step started: the origin of the timeline. */
  startedAt: number
  progress?: ProgressLog
}

/**
 * Waits until every target (and every current pod matching the selector) is ready, something fails,
 * or the deadline passes. One watch per collection; every event re-evaluates the pure status rules.
 */
export async function waitForRollout(client: ClusterClient, options: WaitOptions): Promise<WaitResult> {
  const rules: RuleContext = {
    ...options.rules,
    reportingKinds: await reportingKinds(client, options.targets)
  }
  return new RolloutWait(client, options, rules).run()
}

type SelectorOutcome = NonNullable<WaitResult['selector']>

/** One wait: its watches, what each target looks like now, and the timers that end it. */
class RolloutWait {
  private readonly progress: ProgressLog
  private readonly outcomes: Map<string, ObjectOutcome>
  private readonly selectorOutcome?: SelectorOutcome
  private readonly watches = new Map<string, CollectionWatch>()
  /** The watch holding each target, by refKey. */
  private readonly targetWatches = new Map<string, CollectionWatch>()
  private readonly podWatches = new Map<string, { pods: CollectionWatch; replicaSets: CollectionWatch }>()
  private readonly selectorWatch?: CollectionWatch
  /** The Deployments of the selector's namespace: whose rollout the selected pods belong to. */
  private readonly selectorDeployments?: CollectionWatch
  /** When each pod/container's first image pull error was seen (it gets a grace period). */
  private readonly firstPullErrors = new Map<string, number>()
  /** One picture of each namespace's pods per evaluation, built on first use. */
  private snapshots = new Map<string, NamespacePods>()
  private everythingElseReadyAt?: number
  private started = false
  private finished = false
  private scheduled = false
  private deadlineTimer?: NodeJS.Timeout
  private recheckTimer?: NodeJS.Timeout
  private settle?: { resolve: (result: WaitResult) => void; reject: (error: Error) => void }

  constructor(
    private readonly client: ClusterClient,
    private readonly options: WaitOptions,
    private readonly rules: RuleContext
  ) {
    this.progress = options.progress ?? new ProgressLog(options.startedAt)
    this.outcomes = new Map(
      options.targets.map(ref => [refKey(ref), { ref, state: 'InProgress', message: 'waiting', pods: [] }])
    )
    if (options.selector) {
      this.selectorOutcome = {
        expression: options.selector,
        state: 'InProgress',
        namespace: options.namespace,
        message: 'waiting',
        matched: 0,
        pods: []
      }
      this.selectorWatch = this.watchOf({
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: options.namespace,
        labelSelector: options.selector
      })
      this.selectorDeployments = this.watchOf({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: options.namespace
      })
    }
    this.planWatches()
  }

  run(): Promise<WaitResult> {
    return new Promise<WaitResult>((resolve, reject) => {
      this.settle = { resolve, reject }
      this.deadlineTimer = setTimeout(
        () => {
          this.evaluate()
          this.finish('timed-out')
        },
        Math.max(this.options.deadline - Date.now(), 0)
      )
      Promise.all([...this.watches.values()].map(watch => watch.start()))
        .then(() => {
          this.started = true
          if (!this.finished) this.evaluate()
        })
        .catch((error: unknown) => this.fail(error as Error))
    })
  }

  /**
   * One watch per collection: the targets of a kind in a namespace (narrowed to one name when alone),
   * and the pods and ReplicaSets of every namespace with a workload to roll out or a selector.
   */
  private planWatches(): void {
    const { targets, namespace, selector } = this.options
    const collections = groupBy(
      targets.filter(hasRollout),
      ref => `${ref.apiVersion}|${ref.kind}|${ref.namespace ?? ''}`
    )
    for (const refs of collections.values()) {
      const { apiVersion, kind } = refs[0]
      const fieldSelector = refs.length === 1 ? `metadata.name=${refs[0].name}` : undefined
      const watch = this.watchOf({ apiVersion, kind, namespace: refs[0].namespace, fieldSelector })
      for (const ref of refs) this.targetWatches.set(refKey(ref), watch)
    }
    const podNamespaces = new Set(
      targets
        .filter(ref => WORKLOAD_KINDS.has(groupKind(ref)) && ref.kind !== 'Pod')
        .map(ref => ref.namespace ?? namespace)
    )
    if (selector) podNamespaces.add(namespace)
    for (const podNamespace of podNamespaces) {
      this.podWatches.set(podNamespace, {
        pods: this.watchOf({ apiVersion: 'v1', kind: 'Pod', namespace: podNamespace }),
        replicaSets: this.watchOf({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: podNamespace })
      })
    }
  }

  private watchOf(spec: CollectionSpec): CollectionWatch {
    const key = JSON.stringify(spec)
    let watch = this.watches.get(key)
    if (!watch) {
      watch = new CollectionWatch(
        this.client,
        spec,
        () => this.schedule(),
        error => this.fail(error)
      )
      this.watches.set(key, watch)
    }
    return watch
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

  /** Evaluates again after a grace period, even if no event comes. */
  private recheckAfter(delayMs: number): void {
    this.recheckTimer ??= setTimeout(() => {
      this.recheckTimer = undefined
      this.schedule()
    }, delayMs + 10)
  }

  private seenIn(namespace: string): NamespacePods {
    let seen = this.snapshots.get(namespace)
    if (!seen) {
      const watch = this.podWatches.get(namespace)
      seen = namespacePods(
        [...(watch?.pods.objects.values() ?? [])],
        [...(watch?.replicaSets.objects.values() ?? [])]
      )
      this.snapshots.set(namespace, seen)
    }
    return seen
  }

  /** A pod failure, unless it is a first pull error still inside its grace period. */
  private settledFailure(pod: KubeObject, now: number): PodFailure | undefined {
    const failure = podFailure(pod)
    if (!failure || failure.reason !== TRANSIENT_PULL_ERROR) return failure
    const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name}/${failure.container ?? ''}`
    const first = this.firstPullErrors.get(key) ?? now
    this.firstPullErrors.set(key, first)
    if (now - first >= this.options.pullErrorGraceMs) return failure
    this.recheckAfter(this.options.pullErrorGraceMs - (now - first))
    return undefined
  }

  private evaluateTarget(outcome: ObjectOutcome, now: number): RuleResult {
    const { ref } = outcome
    if (!hasRollout(ref)) return { state: 'Current', message: 'stored' }
    const object = this.targetWatches.get(refKey(ref))?.objects.get(`${ref.namespace ?? ''}/${ref.name}`)
    if (!object) return { state: 'InProgress', message: 'not found (yet)' }
    let result = statusOf(object, this.rules)
    outcome.replicas = replicasOf(object)
    if (!WORKLOAD_KINDS.has(groupKind(object))) return result

    const seen = this.seenIn(object.metadata.namespace ?? this.options.namespace)
    if (result.state === 'InProgress') result = deploymentReadyFromPods(object, seen) ?? result
    const pods = currentPodsOf(object, seen)
    const failedPods = pods
      .map(pod => this.settledFailure(pod, now))
      .filter((failure): failure is PodFailure => failure !== undefined)
    outcome.pods = failedPods.map(failure => ({
      pod: failure.pod,
      namespace: object.metadata.namespace ?? this.options.namespace,
      container: failure.container,
      reason: failure.reason,
      message: failure.message,
      restarts: 0,
      terminal: true
    }))
    if (pods.length > 0)
      outcome.images = runningImages(pods.find(pod => pod.status?.containerStatuses) ?? pods[0])
    if (result.state === 'Failed' && object.kind === 'Pod' && failedPods.length === 0) {
      return { state: 'InProgress', message: 'image pull error, retrying' }
    }
    if (result.state === 'InProgress' && this.options.failFast && failedPods.length > 0) {
      return { state: 'Failed', message: describeFailure(failedPods[0]) }
    }
    return result
  }

  private evaluateSelector(now: number, othersReady: boolean): RuleResult {
    const { selector, failFast, emptySelectorGraceMs } = this.options
    const seen = this.seenIn(this.options.namespace)
    const { pods, deployments, deploymentOf } = selectedPods(
      [...(this.selectorWatch?.objects.values() ?? [])],
      seen,
      [...(this.selectorDeployments?.objects.values() ?? [])]
    )
    if (this.selectorOutcome) {
      this.selectorOutcome.matched = pods.length
      this.selectorOutcome.images = imagesByWorkload(pods, deploymentOf)
    }
    if (pods.length === 0) {
      if (!othersReady) return { state: 'InProgress', message: 'no pod matches yet' }
      this.everythingElseReadyAt ??= now
      if (now - this.everythingElseReadyAt >= emptySelectorGraceMs) {
        return { state: 'Failed', message: `no pod matches selector "${selector}"` }
      }
      this.recheckAfter(emptySelectorGraceMs - (now - this.everythingElseReadyAt))
      return { state: 'InProgress', message: 'no pod matches yet' }
    }
    const failure = failFast
      ? pods.map(pod => this.settledFailure(pod, now)).find(found => found !== undefined)
      : undefined
    if (failure) return { state: 'Failed', message: describeFailure(failure) }
    // Ready pods prove nothing while their Deployment is still replacing the old ones.
    for (const deployment of deployments) {
      const rollout = deploymentReadyFromPods(deployment, seen) ?? statusOf(deployment, this.rules)
      if (rollout.state !== 'Current') {
        return { state: rollout.state, message: `${displayName(toRef(deployment))}: ${rollout.message}` }
      }
    }
    const ready = pods.filter(pod => podStatus(pod, this.rules).state === 'Current').length
    const message = `${ready} of ${pods.length} pods ready`
    return { state: ready === pods.length ? 'Current' : 'InProgress', message }
  }

  private evaluate(): void {
    const now = Date.now()
    this.snapshots = new Map()
    const states: RolloutState[] = []
    for (const outcome of this.outcomes.values()) {
      this.record(outcome, this.evaluateTarget(outcome, now), now)
      // Objects without a rollout are ready once stored; the apply already said so.
      if (hasRollout(outcome.ref)) {
        const name = displayName(outcome.ref) + (outcome.ref.namespace ? ` (${outcome.ref.namespace})` : '')
        this.progress.report(name, outcome.state, outcome.message, now)
      }
      states.push(outcome.state)
    }
    if (this.selectorOutcome) {
      const othersReady = states.every(state => state === 'Current')
      this.record(this.selectorOutcome, this.evaluateSelector(now, othersReady), now)
      this.progress.report(
        `pods matching "${this.selectorOutcome.expression}"`,
        this.selectorOutcome.state,
        this.selectorOutcome.message,
        now
      )
      states.push(this.selectorOutcome.state)
    }
    if (states.includes('Failed')) this.finish('failed')
    else if (states.every(state => state === 'Current')) this.finish('succeeded')
  }

  /** Keeps the new state, and when it settled relative to the start of the step. */
  private record(
    outcome: { state: RolloutState; message: string; settledAt?: number },
    { state, message }: RuleResult,
    now: number
  ): void {
    if (state !== 'InProgress' && outcome.state !== state) outcome.settledAt = now - this.options.startedAt
    outcome.state = state
    outcome.message = message
  }

  /** Stops every watch and timer; false when the wait had already ended. */
  private end(): boolean {
    if (this.finished) return false
    this.finished = true
    clearTimeout(this.deadlineTimer)
    clearTimeout(this.recheckTimer)
    for (const watch of this.watches.values()) watch.stop()
    return true
  }

  private finish(status: WaitStatus): void {
    if (this.end()) this.settle?.resolve(this.result(status))
  }

  private fail(error: Error): void {
    if (this.end()) this.settle?.reject(error)
  }

  private result(status: WaitStatus): WaitResult {
    const objects = [...this.outcomes.values()]
    // Failures first: the step's one-line message names the first problem.
    const problems = [...objects]
      .sort((a, b) => Number(b.state === 'Failed') - Number(a.state === 'Failed'))
      .filter(outcome => outcome.state !== 'Current')
      .map(outcome => `${displayName(outcome.ref)}: ${outcome.message}`)
    const selector = this.selectorOutcome
    if (selector && selector.state !== 'Current') {
      const problem = `pods matching "${selector.expression}": ${selector.message}`
      if (selector.state === 'Failed') problems.unshift(problem)
      else problems.push(problem)
    }
    return {
      status,
      objects,
      selector,
      problems: status === 'succeeded' ? [] : problems
    }
  }
}

/** The images the selected pods run, under their Deployment (or the pod itself when it has none). */
function imagesByWorkload(
  pods: KubeObject[],
  deploymentOf: Map<string, KubeObject>
): Record<string, Record<string, string>> {
  const images: Record<string, Record<string, string>> = {}
  for (const pod of pods) {
    images[displayName(toRef(deploymentOf.get(pod.metadata.name) ?? pod))] ??= runningImages(pod)
  }
  return images
}

function describeFailure(failure: PodFailure): string {
  const where = `pod ${failure.pod}${failure.container ? `, container ${failure.container}` : ''}`
  return `${failure.reason}: ${failure.message} (${where})`
}

function replicasOf(object: KubeObject): string | undefined {
  const status = object.status as Record<string, number | undefined> | undefined
  switch (groupKind(object)) {
    case 'Deployment.apps':
    case 'StatefulSet.apps':
    case 'ReplicaSet.apps':
      return `${status?.readyReplicas ?? 0}/${(object.spec as { replicas?: number } | undefined)?.replicas ?? 1}`
    case 'DaemonSet.apps':
      return `${status?.numberReady ?? 0}/${status?.desiredNumberScheduled ?? 0}`
    default:
      return undefined
  }
}
