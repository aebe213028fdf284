import type { ClusterClient } from '../cluster/client.js'
import { displayName, groupKind, refKey, type KubeObject, type ObjectRef } from '../kube-object.js'
import { podFailure, TRANSIENT_PULL_ERROR, type PodFailure } from './pod-failure.js'
import { ProgressLog } from './progress.js'
import { CollectionWatch, type CollectionSpec } from './resource-watch.js'
import {
  currentPodsOf,
  isOldRevisionPod,
  namespacePods,
  runningImages,
  type NamespacePods
} from './revision.js'
import { podStatus } from './rules/pod.js'
import type { RolloutState, RuleContext, RuleResult } from './rules/rule.js'
import { deploymentReadyFromPods } from './pod-readiness.js'
import { reportingKinds } from './reporting-kinds.js'
import { hasRollout, statusOf, WORKLOAD_KINDS } from './status.js'

export type WaitStatus = 'succeeded' | 'failed' | 'timed-out'

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

/** Where one object ended up, with what the report shows. */
export interface ObjectOutcome {
  ref: ObjectRef
  state: RolloutState
  message: string
  /** Milliseconds from the start of the step to the moment it became ready or failed. */
  settledAt?: number
  /** `ready/desired` replicas for workloads. */
  replicas?: string
  /** container → image, from the pods of the current revision. */
  images?: Record<string, string>
  failedPods: PodFailure[]
}

export interface WaitResult {
  status: WaitStatus
  objects: ObjectOutcome[]
  selector?: { expression: string; state: RolloutState; message: string; pods: number; settledAt?: number }
  /** One line per problem, naming the object and the reason. */
  problems: string[]
  progressLines: number
}

/**
 * Waits until every target (and every current pod matching the selector) is ready, something fails,
 * or the deadline passes. One watch per collection; every event re-evaluates the pure status rules.
 */
export async function waitForRollout(client: ClusterClient, options: WaitOptions): Promise<WaitResult> {
  const progress = options.progress ?? new ProgressLog(options.startedAt)
  const rules: RuleContext = {
    ...options.rules,
    reportingKinds: await reportingKinds(client, options.targets)
  }
  const outcomes = new Map<string, ObjectOutcome>(
    options.targets.map(ref => [
      refKey(ref),
      { ref, state: 'InProgress', message: 'waiting', failedPods: [] }
    ])
  )
  const firstSeenErrors = new Map<string, number>()
  const watches = new Map<string, CollectionWatch>()
  const selectorOutcome: WaitResult['selector'] = options.selector
    ? { expression: options.selector, state: 'InProgress', message: 'waiting', pods: 0 }
    : undefined
  let everythingElseReadyAt: number | undefined

  return new Promise<WaitResult>((resolve, reject) => {
    let finished = false
    let scheduled = false
    let started = false
    const finish = (status: WaitStatus): void => {
      if (finished) return
      finished = true
      clearTimeout(deadlineTimer)
      clearTimeout(graceTimer)
      for (const watch of watches.values()) watch.stop()
      resolve(result(status))
    }
    const fail = (error: Error): void => {
      if (finished) return
      finished = true
      clearTimeout(deadlineTimer)
      clearTimeout(graceTimer)
      for (const watch of watches.values()) watch.stop()
      reject(error)
    }
    const schedule = (): void => {
      if (scheduled || !started) return
      scheduled = true
      setImmediate(() => {
        scheduled = false
        if (!finished) evaluate()
      })
    }
    const deadlineTimer = setTimeout(
      () => {
        evaluate()
        finish('timed-out')
      },
      Math.max(options.deadline - Date.now(), 0)
    )
    let graceTimer: NodeJS.Timeout | undefined

    const watchOf = (spec: CollectionSpec): CollectionWatch => {
      const key = JSON.stringify(spec)
      let watch = watches.get(key)
      if (!watch) {
        watch = new CollectionWatch(client, spec, schedule, fail)
        watches.set(key, watch)
      }
      return watch
    }

    // One watch per collection: the targets of a kind in a namespace, narrowed to one name when alone.
    const targetWatches = new Map<string, CollectionWatch>()
    const byCollection = groupBy(
      options.targets.filter(hasRollout),
      ref => `${ref.apiVersion}|${ref.kind}|${ref.namespace ?? ''}`
    )
    for (const refs of byCollection.values()) {
      const { apiVersion, kind, namespace } = refs[0]
      const fieldSelector = refs.length === 1 ? `metadata.name=${refs[0].name}` : undefined
      const watch = watchOf({ apiVersion, kind, namespace, fieldSelector })
      for (const ref of refs) targetWatches.set(refKey(ref), watch)
    }
    // Pods (and ReplicaSets, to tell revisions apart) of every namespace with a workload to roll out.
    const podNamespaces = new Set(
      options.targets
        .filter(ref => WORKLOAD_KINDS.has(groupKind(ref)) && ref.kind !== 'Pod')
        .map(ref => ref.namespace ?? options.namespace)
    )
    if (options.selector) podNamespaces.add(options.namespace)
    const podWatches = new Map<string, { pods: CollectionWatch; replicaSets: CollectionWatch }>()
    for (const namespace of podNamespaces) {
      podWatches.set(namespace, {
        pods: watchOf({ apiVersion: 'v1', kind: 'Pod', namespace }),
        replicaSets: watchOf({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace })
      })
    }
    const selectorWatch = options.selector
      ? watchOf({
          apiVersion: 'v1',
          kind: 'Pod',
          namespace: options.namespace,
          labelSelector: options.selector
        })
      : undefined

    // One picture of each namespace's pods per evaluation, built on first use.
    let snapshots = new Map<string, NamespacePods>()
    const seenIn = (namespace: string): NamespacePods => {
      let seen = snapshots.get(namespace)
      if (!seen) {
        const watch = podWatches.get(namespace)
        seen = namespacePods(
          [...(watch?.pods.objects.values() ?? [])],
          [...(watch?.replicaSets.objects.values() ?? [])]
        )
        snapshots.set(namespace, seen)
      }
      return seen
    }

    /** A pod failure, unless it is a first pull error still inside its grace period. */
    const settledFailure = (pod: KubeObject, now: number): PodFailure | undefined => {
      const failure = podFailure(pod)
      if (!failure) return undefined
      if (failure.reason !== TRANSIENT_PULL_ERROR) return failure
      const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name}/${failure.container ?? ''}`
      const first = firstSeenErrors.get(key) ?? now
      firstSeenErrors.set(key, first)
      if (now - first >= options.pullErrorGraceMs) return failure
      graceTimer ??= setTimeout(
        () => {
          graceTimer = undefined
          schedule()
        },
        options.pullErrorGraceMs - (now - first) + 10
      )
      return undefined
    }

    const evaluateTarget = (outcome: ObjectOutcome, now: number): RuleResult => {
      if (!hasRollout(outcome.ref)) return { state: 'Current', message: 'stored' }
      const object = targetWatches
        .get(refKey(outcome.ref))
        ?.objects.get(`${outcome.ref.namespace ?? ''}/${outcome.ref.name}`)
      if (!object) return { state: 'InProgress', message: 'not found (yet)' }
      let result = statusOf(object, rules)
      outcome.replicas = replicasOf(object)
      if (WORKLOAD_KINDS.has(groupKind(object))) {
        const seen = seenIn(object.metadata.namespace ?? options.namespace)
        if (result.state === 'InProgress') result = deploymentReadyFromPods(object, seen) ?? result
        const pods = currentPodsOf(object, seen)
        outcome.failedPods = pods
          .map(pod => settledFailure(pod, now))
          .filter((failure): failure is PodFailure => failure !== undefined)
        if (pods.length > 0)
          outcome.images = runningImages(pods.find(pod => pod.status?.containerStatuses) ?? pods[0])
        if (result.state === 'Failed' && object.kind === 'Pod' && outcome.failedPods.length === 0) {
          result = { state: 'InProgress', message: 'image pull error, retrying' }
        }
        if (result.state === 'InProgress' && options.failFast && outcome.failedPods.length > 0) {
          const failure = outcome.failedPods[0]
          result = {
            state: 'Failed',
            message: `${failure.reason}: ${failure.message} (pod ${failure.pod}${failure.container ? `, container ${failure.container}` : ''})`
          }
        }
      }
      return result
    }

    const evaluateSelector = (now: number, othersReady: boolean): RuleResult => {
      const { replicaSets } = seenIn(options.namespace)
      const pods = [...(selectorWatch?.objects.values() ?? [])].filter(
        pod => !isOldRevisionPod(pod, replicaSets)
      )
      if (selectorOutcome) selectorOutcome.pods = pods.length
      if (pods.length === 0) {
        if (!othersReady) return { state: 'InProgress', message: 'no pod matches yet' }
        everythingElseReadyAt ??= now
        if (now - everythingElseReadyAt >= options.emptySelectorGraceMs)
          return { state: 'Failed', message: `no pod matches selector "${options.selector}"` }
        graceTimer ??= setTimeout(() => {
          graceTimer = undefined
          schedule()
        }, options.emptySelectorGraceMs + 10)
        return { state: 'InProgress', message: 'no pod matches yet' }
      }
      const failures = options.failFast
        ? (pods.map(pod => settledFailure(pod, now)).filter(Boolean) as PodFailure[])
        : []
      if (failures.length > 0)
        return {
          state: 'Failed',
          message: `${failures[0].reason}: ${failures[0].message} (pod ${failures[0].pod})`
        }
      const ready = pods.filter(pod => podStatus(pod, rules).state === 'Current').length
      return ready === pods.length
        ? { state: 'Current', message: `${ready} of ${pods.length} pods ready` }
        : { state: 'InProgress', message: `${ready} of ${pods.length} pods ready` }
    }

    const evaluate = (): void => {
      const now = Date.now()
      snapshots = new Map()
      for (const outcome of outcomes.values()) {
        const { state, message } = evaluateTarget(outcome, now)
        if (state !== 'InProgress' && outcome.state !== state) outcome.settledAt = now - options.startedAt
        outcome.state = state
        outcome.message = message
        // Objects without a rollout are ready once stored; the apply already said so.
        if (hasRollout(outcome.ref))
          progress.report(
            displayName(outcome.ref) + (outcome.ref.namespace ? ` (${outcome.ref.namespace})` : ''),
            state,
            message,
            now
          )
      }
      const states = [...outcomes.values()].map(outcome => outcome.state)
      if (selectorOutcome) {
        const { state, message } = evaluateSelector(
          now,
          states.every(state => state === 'Current')
        )
        if (state !== 'InProgress' && selectorOutcome.state !== state)
          selectorOutcome.settledAt = now - options.startedAt
        selectorOutcome.state = state
        selectorOutcome.message = message
        progress.report(`pods matching "${options.selector}"`, state, message, now)
        states.push(state)
      }
      if (states.includes('Failed')) finish('failed')
      else if (states.every(state => state === 'Current')) finish('succeeded')
    }

    const result = (status: WaitStatus): WaitResult => {
      const objects = [...outcomes.values()]
      // Failures first: the step's one-line message names the first problem.
      const problems = [...objects]
        .sort((a, b) => Number(b.state === 'Failed') - Number(a.state === 'Failed'))
        .filter(outcome => outcome.state !== 'Current')
        .map(outcome => `${displayName(outcome.ref)}: ${outcome.message}`)
      if (selectorOutcome && selectorOutcome.state !== 'Current') {
        const problem = `pods matching "${selectorOutcome.expression}": ${selectorOutcome.message}`
        if (selectorOutcome.state === 'Failed') problems.unshift(problem)
        else problems.push(problem)
      }
      return {
        status,
        objects,
        selector: selectorOutcome,
        problems: status === 'succeeded' ? [] : problems,
        progressLines: progress.lines
      }
    }

    Promise.all([...watches.values()].map(watch => watch.start()))
      .then(() => {
        started = true
        if (!finished) evaluate()
      })
      .catch((error: unknown) => fail(error as Error))
  })
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

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item])
  return groups
}
