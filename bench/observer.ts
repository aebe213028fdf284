import { KubeConfig, Watch } from '@kubernetes/client-node'

interface PodEvent {
  metadata: { name: string }
  status?: {
    conditions?: { type: string; status: string }[]
    containerStatuses?: { state?: { waiting?: { reason?: string } } }[]
  }
}

const ERROR_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'CrashLoopBackOff'])

/**
 * Watches the pods of one namespace from the benchmark's own process and notes, on its own clock,
 * when the apiserver delivered each pod's Ready transition and the first error status. Server
 * timestamps only have one-second resolution, too coarse for sub-second latencies.
 */
export class PodObserver {
  readonly readyAt = new Map<string, number>()
  firstErrorAt: number | undefined
  /** performance.now() of the first pod event: the cluster has started rolling out. */
  firstPodAt: number | undefined
  events = 0
  private abort?: AbortController

  constructor(
    private readonly kubeconfigFile: string,
    private readonly namespace: string
  ) {}

  async start(): Promise<void> {
    const config = new KubeConfig()
    config.loadFromFile(this.kubeconfigFile)
    const path = `/api/v1/namespaces/${this.namespace}/pods`
    this.abort = await new Watch(config).watch(
      path,
      {},
      (_type: string, pod: PodEvent) => {
        const now = performance.now()
        this.events++
        this.firstPodAt ??= now
        const ready = pod.status?.conditions?.some(
          condition => condition.type === 'Ready' && condition.status === 'True'
        )
        if (ready && !this.readyAt.has(pod.metadata.name)) this.readyAt.set(pod.metadata.name, now)
        const reason = pod.status?.containerStatuses?.[0]?.state?.waiting?.reason
        if (reason && ERROR_REASONS.has(reason)) this.firstErrorAt ??= now
      },
      () => undefined
    )
  }

  /** Seconds from the first pod to the last pod Ready: the cluster's own share of a deploy. */
  convergenceSeconds(): number | undefined {
    const last = this.lastReady()
    return last === undefined || this.firstPodAt === undefined ? undefined : (last - this.firstPodAt) / 1000
  }

  /** performance.now() at which the last pod became Ready. */
  lastReady(): number | undefined {
    return this.readyAt.size === 0 ? undefined : Math.max(...this.readyAt.values())
  }

  stop(): void {
    this.abort?.abort()
  }
}
