import { conditionOf, type KubeObject } from '../kube-object.js'

/** A pod that will not become ready by waiting longer, and why. */
export interface PodFailure {
  pod: string
  container?: string
  reason: string
  message: string
}

/** Waiting reasons that mean the kubelet cannot start the container as specified. */
const TERMINAL_WAITING_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'InvalidImageName',
  'RunContainerError',
  'ErrImageNeverPull'
])

/** Registries blip: a first pull error is retried by the kubelet, so it counts only after this long. */
export const TRANSIENT_PULL_ERROR = 'ErrImagePull'

interface ContainerStatus {
  name: string
  restartCount?: number
  state?: {
    waiting?: { reason?: string; message?: string }
    terminated?: { exitCode?: number; reason?: string; message?: string }
  }
  lastState?: { terminated?: { exitCode?: number; reason?: string; message?: string } }
}

/**
 * Diagnoses a pod from its status alone. Returns undefined when the pod may still become ready.
 * Checks init containers first: a main container cannot start before they succeed.
 */
export function podFailure(pod: KubeObject): PodFailure | undefined {
  const status = pod.status as
    | {
        phase?: string
        reason?: string
        message?: string
        initContainerStatuses?: ContainerStatus[]
        containerStatuses?: ContainerStatus[]
      }
    | undefined
  const name = pod.metadata.name
  if (status?.phase === 'Failed') {
    return { pod: name, reason: status.reason ?? 'Failed', message: status.message ?? 'the pod failed' }
  }
  const restartPolicy = (pod.spec as { restartPolicy?: string } | undefined)?.restartPolicy ?? 'Always'
  for (const container of [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])]) {
    const waiting = container.state?.waiting
    if (waiting?.reason && TERMINAL_WAITING_REASONS.has(waiting.reason)) {
      const last = container.lastState?.terminated
      const exit =
        last && waiting.reason === 'CrashLoopBackOff'
          ? ` (last exit code ${last.exitCode ?? '?'}, ${container.restartCount ?? 0} restarts)`
          : ''
      return {
        pod: name,
        container: container.name,
        reason: waiting.reason,
        message: `${waiting.message ?? waiting.reason}${exit}`
      }
    }
    const terminated = container.state?.terminated
    if (terminated && terminated.exitCode !== 0 && restartPolicy === 'Never') {
      return {
        pod: name,
        container: container.name,
        reason: terminated.reason ?? 'Error',
        message: `exited with code ${terminated.exitCode ?? '?'}${terminated.message ? `: ${terminated.message}` : ''}`
      }
    }
  }
  const scheduled = conditionOf(pod, 'PodScheduled')
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return { pod: name, reason: 'Unschedulable', message: scheduled.message ?? 'no node can run the pod' }
  }
  return undefined
}
