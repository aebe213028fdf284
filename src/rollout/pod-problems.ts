import { conditionOf, type KubeObject } from '../kube-object.js'
import type { GraceClock } from './grace-clock.js'
import type { PodProblem } from './outcome.js'
import type { JudgePolicy } from './rules/rule.js'
import type { NamespaceView } from './snapshot.js'

/** Waiting reasons that mean the kubelet cannot start the container as specified. */
const FATAL_WAITING_REASONS = new Set([
  'ImagePullBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'InvalidImageName',
  'RunContainerError',
  'ErrImageNeverPull',
  'PreCreateHookError',
  'PreStartHookError',
  'PostStartHookError'
])

/** The kubelet retries a first pull error before it backs off: it counts only after a grace. */
const PULL_ERROR = 'ErrImagePull'
/** A container that keeps exiting: fatal for a Deployment, one more attempt for a Job. */
const CRASH_LOOP = 'CrashLoopBackOff'

/** The cluster autoscaler's answers about an unschedulable pod (events on the pod). */
const SCALE_UP_TRIGGERED = 'TriggeredScaleUp'
const SCALE_UP_REFUSED = 'NotTriggerScaleUp'

/** How a pod stands, before policy: `retry` problems are attempts an owner (a Job) will repeat. */
type Severity = 'fatal' | 'pull-error' | 'unschedulable' | 'retry' | 'waiting'

interface Diagnosis {
  reason: string
  message: string
  container?: string
  restarts: number
  severity: Severity
}

interface ContainerStatus {
  name: string
  ready?: boolean
  restartCount?: number
  state?: {
    waiting?: { reason?: string; message?: string }
    terminated?: { exitCode?: number; reason?: string; message?: string }
  }
  lastState?: { terminated?: { exitCode?: number; reason?: string; message?: string } }
}

interface PodStatus {
  phase?: string
  reason?: string
  message?: string
  initContainerStatuses?: ContainerStatus[]
  containerStatuses?: ContainerStatus[]
}

/** The pods of one revision, judged: how many are ready, what stands in the way, and what is final. */
export interface PodsVerdict {
  ready: number
  /** Not-ready pods with their reasons, terminal ones first. */
  problems: PodProblem[]
  /** The first terminal problem: the verdict fails on it. */
  failure?: PodProblem
}

export interface PodJudging {
  cluster: NamespaceView
  policy: JudgePolicy
  clock: GraceClock
  /** Failed attempts are retried by the owner (Jobs): they are progress, not failure. */
  retriedByOwner?: boolean
}

export function judgePods(pods: KubeObject[], judging: PodJudging): PodsVerdict {
  let ready = 0
  const problems: PodProblem[] = []
  for (const pod of pods) {
    const diagnosis = diagnosePod(pod, judging.retriedByOwner ?? false)
    if (!diagnosis) {
      ready++
      continue
    }
    problems.push(toProblem(pod, diagnosis, judging))
  }
  problems.sort((a, b) => Number(b.terminal) - Number(a.terminal))
  return { ready, problems, failure: problems.find(problem => problem.terminal) }
}

/** `Reason: message (pod p, container c)`: how a verdict names the pod problem it rests on. */
export function describeProblem(problem: PodProblem): string {
  const where = `pod ${problem.pod}${problem.container ? `, container ${problem.container}` : ''}`
  return `${problem.reason}: ${problem.message} (${where})`
}

/** Whether a pod counts as ready: Ready, or (for run-to-completion pods) Succeeded; never while terminating. */
export function isPodReady(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp) return false
  if (pod.status?.phase === 'Succeeded') return true
  return conditionOf(pod, 'Ready')?.status === 'True'
}

function toProblem(pod: KubeObject, diagnosis: Diagnosis, judging: PodJudging): PodProblem {
  const { policy, clock, cluster } = judging
  const name = pod.metadata.name
  let { message } = diagnosis
  let terminal = false
  switch (diagnosis.severity) {
    case 'fatal':
      terminal = policy.failFast
      break
    case 'pull-error':
      terminal =
        policy.failFast &&
        clock.outlasted(`${name}/${diagnosis.container ?? ''}/${PULL_ERROR}`, policy.pullErrorGraceMs)
      break
    case 'unschedulable': {
      const autoscaler = cluster
        .podEvents(name)
        .filter(event => event.reason === SCALE_UP_TRIGGERED || event.reason === SCALE_UP_REFUSED)
        .at(-1)
      if (autoscaler)
        message = `${message}; cluster-autoscaler: ${String(autoscaler.message ?? autoscaler.reason)}`
      if (autoscaler?.reason === SCALE_UP_REFUSED) terminal = policy.failFast
      else if (!autoscaler)
        terminal = policy.failFast && clock.outlasted(`${name}/Unschedulable`, policy.unschedulableGraceMs)
      break
    }
    default:
      terminal = false
  }
  return {
    pod: name,
    namespace: pod.metadata.namespace ?? '',
    container: diagnosis.container,
    reason: diagnosis.reason,
    message,
    restarts: diagnosis.restarts,
    terminal
  }
}

/**
 * Why a pod is not ready, from its status alone; undefined when it is ready. Init containers come
 * first: a main container cannot start before they succeed.
 */
function diagnosePod(pod: KubeObject, retriedByOwner: boolean): Diagnosis | undefined {
  if (pod.metadata.deletionTimestamp) {
    return { reason: 'Terminating', message: 'the pod is being deleted', restarts: 0, severity: 'waiting' }
  }
  const status = (pod.status ?? {}) as PodStatus
  const containers = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]
  const restarts = Math.max(0, ...containers.map(container => container.restartCount ?? 0))
  if (status.phase === 'Succeeded') return undefined
  if (status.phase === 'Failed') {
    const exited = containers.find(container => (container.state?.terminated?.exitCode ?? 0) !== 0)
    return {
      reason: status.reason ?? exited?.state?.terminated?.reason ?? 'Failed',
      message: status.message ?? (exited ? exitText(exited.state?.terminated) : 'the pod failed'),
      container: exited?.name,
      restarts,
      severity: retriedByOwner ? 'retry' : 'fatal'
    }
  }
  const restartPolicy = (pod.spec as { restartPolicy?: string } | undefined)?.restartPolicy ?? 'Always'
  for (const container of containers) {
    const found = containerProblem(container, restartPolicy, retriedByOwner)
    if (found) return found
  }
  const scheduled = conditionOf(pod, 'PodScheduled')
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return {
      reason: 'Unschedulable',
      message: scheduled.message ?? 'no node can run the pod',
      restarts,
      severity: 'unschedulable'
    }
  }
  if (conditionOf(pod, 'Ready')?.status === 'True') return undefined
  return notReadyYet(pod, status, containers, restarts)
}

function containerProblem(
  container: ContainerStatus,
  restartPolicy: string,
  retriedByOwner: boolean
): Diagnosis | undefined {
  const restarts = container.restartCount ?? 0
  const waiting = container.state?.waiting
  if (waiting?.reason === PULL_ERROR || (waiting?.reason && FATAL_WAITING_REASONS.has(waiting.reason))) {
    return {
      reason: waiting.reason,
      message: waiting.message ?? waiting.reason,
      container: container.name,
      restarts,
      severity: waiting.reason === PULL_ERROR ? 'pull-error' : 'fatal'
    }
  }
  if (waiting?.reason === CRASH_LOOP) {
    const last = container.lastState?.terminated
    return {
      reason: CRASH_LOOP,
      message: `${waiting.message ?? CRASH_LOOP}${last ? ` (last exit code ${last.exitCode ?? '?'}, ${restarts} restarts)` : ''}`,
      container: container.name,
      restarts,
      severity: retriedByOwner ? 'retry' : 'fatal'
    }
  }
  const terminated = container.state?.terminated
  if (terminated && terminated.exitCode !== 0 && restartPolicy === 'Never') {
    return {
      reason: terminated.reason ?? 'Error',
      message: exitText(terminated),
      container: container.name,
      restarts,
      severity: retriedByOwner ? 'retry' : 'fatal'
    }
  }
  return undefined
}

/** A pod on its way: scheduled and starting, or running with containers not (yet) ready. */
function notReadyYet(
  pod: KubeObject,
  status: PodStatus,
  containers: ContainerStatus[],
  restarts: number
): Diagnosis {
  const waiting = containers.find(container => container.state?.waiting?.reason)
  if (waiting) {
    return {
      reason: waiting.state?.waiting?.reason ?? 'Waiting',
      message: waiting.state?.waiting?.message ?? `container ${waiting.name} is waiting`,
      container: waiting.name,
      restarts: waiting.restartCount ?? 0,
      severity: 'waiting'
    }
  }
  const ready = conditionOf(pod, 'Ready')
  const unready = containers.find(container => container.ready === false)
  if (status.phase === 'Running' || unready) {
    return {
      reason: ready?.reason ?? 'ContainersNotReady',
      message: ready?.message ?? 'containers are not ready',
      container: unready?.name,
      restarts: unready?.restartCount ?? restarts,
      severity: 'waiting'
    }
  }
  const scheduled = conditionOf(pod, 'PodScheduled')
  return {
    reason: status.phase ?? 'Pending',
    message: scheduled?.status === 'True' ? 'scheduled, starting' : 'waiting to be scheduled',
    restarts,
    severity: 'waiting'
  }
}

function exitText(terminated: { exitCode?: number; message?: string } | undefined): string {
  return `exited with code ${terminated?.exitCode ?? '?'}${terminated?.message ? `: ${terminated.message}` : ''}`
}
