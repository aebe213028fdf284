import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as prettier from 'prettier'
import type { TestCluster } from '../harness/test-cluster.js'
import { repoRoot } from '../harness/test-cluster.js'
import {
  CONTROLLER_REVISION,
  DAEMONSET,
  DEPLOYMENT,
  EVENT,
  JOB,
  Kube,
  KubeObject,
  kubectl,
  NamespaceCache,
  POD,
  REPLICASET,
  ResourceType,
  sleep,
  STATEFULSET
} from './kube.js'

export const OUTPUT_DIR = path.join(repoRoot, '__tests__', 'data', 'cluster')
export const TRACE_DIR = path.join(os.tmpdir(), 'kube-deploy-fixtures-trace')

/** One line saying what changed in an object, for the timeline log. */
function summary(object: KubeObject): string {
  if (object.kind === 'Event') {
    const e = object as KubeObject & {
      type?: string
      reason?: string
      message?: string
      count?: number
      involvedObject?: { kind?: string; name?: string }
    }
    return `${e.type} ${e.reason} ${e.involvedObject?.kind}/${e.involvedObject?.name} x${e.count ?? 1}: ${e.message}`
  }
  const parts: string[] = []
  if (object.metadata.generation !== undefined) parts.push(`gen=${object.metadata.generation}`)
  if (object.metadata.deletionTimestamp) parts.push('DELETING')
  const status: Record<string, unknown> = object.status ?? {}
  for (const [k, v] of Object.entries(status)) {
    if (typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length < 40)) {
      parts.push(`${k}=${String(v)}`)
    }
  }
  if (object.kind === 'Pod') {
    const cs = object.status?.containerStatuses?.[0]
    if (cs) {
      const state = Object.keys(cs.state ?? {})[0] ?? '?'
      const reason = cs.state?.[state]?.reason ?? ''
      parts.push(
        `c=${state}${reason ? `/${reason}` : ''} restarts=${cs.restartCount} ready=${String(cs.ready)}`
      )
    }
  }
  const conditions = object.status?.conditions ?? []
  if (conditions.length) {
    parts.push(
      `[${conditions.map(c => `${c.type}=${c.status}${c.reason ? `(${c.reason})` : ''}`).join(' ')}]`
    )
  }
  return parts.join(' ')
}

/** The types every scenario watches; a scenario may add more (quotas, custom resources). */
export const WORKLOAD_TYPES: ResourceType[] = [
  DEPLOYMENT,
  STATEFULSET,
  DAEMONSET,
  JOB,
  REPLICASET,
  CONTROLLER_REVISION,
  POD,
  EVENT
]

/** Everything a scenario needs: its own namespace, kubectl, a watch cache and a way to save. */
export class Context {
  private readonly caches: NamespaceCache[] = []
  private readonly started = Date.now()

  constructor(
    readonly kube: Kube,
    readonly cluster: TestCluster,
    readonly namespace: string,
    private readonly capturedWith: string,
    private readonly wanted: (fixture: string) => boolean,
    readonly saved: string[]
  ) {}

  log(message: string): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(2).padStart(6)
    process.stderr.write(`[${seconds}s ${this.namespace}] ${message}\n`)
    mkdirSync(TRACE_DIR, { recursive: true })
    const ms = String(Date.now() - this.started).padStart(7)
    appendFileSync(path.join(TRACE_DIR, `${this.namespace}.log`), `${ms}ms ---- ${message}\n`)
  }

  /** kubectl in the scenario's namespace. */
  async kubectl(...args: string[]): Promise<string> {
    return kubectl(this.cluster, ['--namespace', this.namespace, ...args])
  }

  /** `kubectl apply` of the given objects, as a deploy would do. */
  async apply(...objects: unknown[]): Promise<void> {
    const list = { apiVersion: 'v1', kind: 'List', items: objects }
    await kubectl(this.cluster, ['--namespace', this.namespace, 'apply', '-f', '-'], JSON.stringify(list))
  }

  /** Writes status through the status subresource, as a controller would. */
  async patchStatus(resource: string, status: unknown): Promise<void> {
    await this.kubectl(
      'patch',
      resource,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status })
    )
  }

  async createEvent(event: KubeObject): Promise<KubeObject> {
    return this.kube.create(EVENT, this.namespace, event)
  }

  async watch(extraTypes: ResourceType[] = [], include: KubeObject[] = []): Promise<NamespaceCache> {
    const cache = new NamespaceCache(this.kube, this.namespace, [...WORKLOAD_TYPES, ...extraTypes])
    for (const object of include) cache.include(object)
    mkdirSync(TRACE_DIR, { recursive: true })
    const traceFile = path.join(TRACE_DIR, `${this.namespace}.log`)
    const last = new Map<string, string>()
    cache.onEvent = (type, object) => {
      const id = `${object.kind}/${object.metadata.name}`
      const line = type === 'DELETED' ? 'DELETED' : summary(object)
      if (last.get(id) === line) return
      last.set(id, line)
      const ms = String(Date.now() - this.started).padStart(7)
      appendFileSync(traceFile, `${ms}ms ${id} ${line}\n`)
    }
    await cache.start()
    this.caches.push(cache)
    return cache
  }

  wants(fixture: string): boolean {
    return this.wanted(fixture)
  }

  async save(scenario: string, description: string, objects: KubeObject[]): Promise<void> {
    if (!this.wanted(scenario)) return
    const fixture = { scenario, description, capturedWith: this.capturedWith, objects }
    const config = (await prettier.resolveConfig(path.join(OUTPUT_DIR, 'x.json'))) ?? {}
    const text = await prettier.format(JSON.stringify(fixture), { ...config, parser: 'json' })
    mkdirSync(OUTPUT_DIR, { recursive: true })
    writeFileSync(path.join(OUTPUT_DIR, `${scenario}.json`), text)
    this.saved.push(scenario)
    this.log(`saved ${scenario} (${objects.length} objects)`)
  }

  close(): void {
    for (const cache of this.caches) cache.stop()
  }
}

export { sleep }
