import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import * as https from 'node:https'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse } from 'yaml'
import type { TestCluster } from '../harness/test-cluster.js'

/** An API object as the server returns it (only the fields the capture reads are typed). */
export interface KubeObject {
  apiVersion?: string
  kind?: string
  metadata: {
    name: string
    namespace?: string
    /** Set by the server; absent only on objects about to be created. */
    uid?: string
    resourceVersion?: string
    generation?: number
    creationTimestamp?: string
    deletionTimestamp?: string
    labels?: Record<string, string>
    annotations?: Record<string, string>
    ownerReferences?: { kind: string; name: string; uid: string }[]
    managedFields?: unknown
    [key: string]: unknown
  }
  spec?: ObjectSpec
  status?: ObjectStatus
  [key: string]: unknown
}

/** The spec fields the scenarios read (workloads, pods, custom resources). */
export interface ObjectSpec {
  replicas?: number
  paused?: boolean
  nodeName?: string
  containers?: { name: string; image: string }[]
  template?: Record<string, unknown>
  [key: string]: unknown
}

export interface Condition {
  type: string
  status: string
  reason?: string
  message?: string
}

export interface ContainerStatus {
  restartCount?: number
  ready?: boolean
  started?: boolean
  state?: Record<string, { reason?: string } | undefined>
}

/** The status fields the predicates read; everything else stays as the server wrote it. */
export interface ObjectStatus {
  observedGeneration?: number | string
  conditions?: Condition[]
  // Deployment, ReplicaSet, StatefulSet
  replicas?: number
  updatedReplicas?: number
  readyReplicas?: number
  availableReplicas?: number
  unavailableReplicas?: number
  currentReplicas?: number
  currentRevision?: string
  updateRevision?: string
  // DaemonSet
  desiredNumberScheduled?: number
  currentNumberScheduled?: number
  numberReady?: number
  updatedNumberScheduled?: number
  numberAvailable?: number
  numberUnavailable?: number
  // Job
  active?: number
  ready?: number
  failed?: number
  succeeded?: number
  uncountedTerminatedPods?: Record<string, string[]>
  // Pod
  phase?: string
  podIP?: string
  startTime?: string
  containerStatuses?: ContainerStatus[]
  // ResourceQuota
  hard?: Record<string, string>
  [key: string]: unknown
}

/** A namespaced resource the capture lists and watches. */
export interface ResourceType {
  apiVersion: string
  kind: string
  plural: string
}

export const DEPLOYMENT: ResourceType = { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments' }
export const STATEFULSET: ResourceType = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  plural: 'statefulsets'
}
export const DAEMONSET: ResourceType = { apiVersion: 'apps/v1', kind: 'DaemonSet', plural: 'daemonsets' }
export const REPLICASET: ResourceType = { apiVersion: 'apps/v1', kind: 'ReplicaSet', plural: 'replicasets' }
export const CONTROLLER_REVISION: ResourceType = {
  apiVersion: 'apps/v1',
  kind: 'ControllerRevision',
  plural: 'controllerrevisions'
}
export const JOB: ResourceType = { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs' }
export const POD: ResourceType = { apiVersion: 'v1', kind: 'Pod', plural: 'pods' }
export const EVENT: ResourceType = { apiVersion: 'v1', kind: 'Event', plural: 'events' }
export const RESOURCE_QUOTA: ResourceType = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  plural: 'resourcequotas'
}

/** The order objects appear in a fixture: workloads, their children, pods, events last. */
const KIND_ORDER = [
  'CustomResourceDefinition',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'ReplicaSet',
  'ControllerRevision',
  'ResourceQuota',
  'Pod',
  'Event'
]

function basePath(type: ResourceType, namespace: string): string {
  const prefix = type.apiVersion.includes('/') ? `/apis/${type.apiVersion}` : `/api/${type.apiVersion}`
  return `${prefix}/namespaces/${namespace}/${type.plural}`
}

interface KubeconfigFile {
  'current-context'?: string
  contexts: { name: string; context: { cluster: string; user: string } }[]
  clusters: {
    name: string
    cluster: { server: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string }
  }[]
  users: {
    name: string
    user: {
      'client-certificate-data'?: string
      'client-key-data'?: string
      'client-certificate'?: string
      'client-key'?: string
      token?: string
    }
  }[]
}

function fileOrData(data: string | undefined, file: string | undefined): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64')
  if (file) return readFileSync(file)
  return undefined
}

/** A minimal HTTPS client for the API server: lists, watches and the odd create. */
export class Kube {
  private readonly agent: https.Agent
  private readonly server: URL
  private readonly token?: string

  constructor(readonly cluster: TestCluster) {
    const config = parse(readFileSync(cluster.kubeconfigFile, 'utf8')) as KubeconfigFile
    const contextName = config['current-context'] ?? config.contexts[0].name
    const context = config.contexts.find(c => c.name === contextName)?.context
    if (!context) throw new Error(`kubeconfig has no context ${contextName}`)
    const clusterEntry = config.clusters.find(c => c.name === context.cluster)?.cluster
    const user = config.users.find(u => u.name === context.user)?.user ?? {}
    if (!clusterEntry) throw new Error(`kubeconfig has no cluster ${context.cluster}`)
    this.server = new URL(clusterEntry.server)
    this.token = user.token
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 64,
      ca: fileOrData(clusterEntry['certificate-authority-data'], clusterEntry['certificate-authority']),
      cert: fileOrData(user['client-certificate-data'], user['client-certificate']),
      key: fileOrData(user['client-key-data'], user['client-key'])
    })
  }

  private open(method: string, pathAndQuery: string, contentType?: string): https.RequestOptions {
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (contentType) headers['Content-Type'] = contentType
    if (this.token) headers.Authorization = `Bearer ${this.token}`
    return {
      method,
      protocol: this.server.protocol,
      hostname: this.server.hostname,
      port: this.server.port,
      path: pathAndQuery,
      agent: this.agent,
      headers
    }
  }

  /**
   * One request; resolves with the parsed body, rejects on any status >= 300. Retries 429 (a new
   * CRD's storage is "(re)initializing" for a moment after the CRD is Established).
   */
  async request<T>(
    method: string,
    pathAndQuery: string,
    body?: unknown,
    contentType = 'application/json'
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.requestOnce<T>(method, pathAndQuery, body, contentType)
      } catch (err) {
        if (!(err instanceof Error) || !err.message.includes(': 429 ') || attempt >= 20) throw err
        await sleep(250)
      }
    }
  }

  private async requestOnce<T>(
    method: string,
    pathAndQuery: string,
    body: unknown,
    contentType: string
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const req = https.request(this.open(method, pathAndQuery, body ? contentType : undefined), res => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString()
          if ((res.statusCode ?? 0) >= 300) {
            reject(new Error(`${method} ${pathAndQuery}: ${res.statusCode} ${text}`))
            return
          }
          try {
            resolve(JSON.parse(text) as T)
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)))
          }
        })
      })
      req.on('error', reject)
      if (body) req.write(JSON.stringify(body))
      req.end()
    })
  }

  async list(
    type: ResourceType,
    namespace: string
  ): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const list = await this.request<{ items: KubeObject[]; metadata: { resourceVersion: string } }>(
      'GET',
      basePath(type, namespace)
    )
    // List items come without apiVersion and kind; a GET of one object has them.
    const items = list.items.map(item => ({ apiVersion: type.apiVersion, kind: type.kind, ...item }))
    return { items, resourceVersion: list.metadata.resourceVersion }
  }

  async create(type: ResourceType, namespace: string, object: KubeObject): Promise<KubeObject> {
    return this.request<KubeObject>('POST', basePath(type, namespace), object)
  }

  /**
   * Streams watch events (one JSON object a line) until the server ends the stream or `stop` is
   * called. `onEvent` runs synchronously for every event, in order.
   */
  watch(
    type: ResourceType,
    namespace: string,
    resourceVersion: string,
    onEvent: (event: { type: string; object: KubeObject }) => void,
    onEnd: (error?: Error) => void
  ): () => void {
    const query = `?watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(resourceVersion)}`
    const req = https.request(this.open('GET', basePath(type, namespace) + query), res => {
      if ((res.statusCode ?? 0) >= 300) {
        onEnd(new Error(`watch ${type.plural}: ${res.statusCode}`))
        res.resume()
        return
      }
      let buffered = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffered += chunk
        let newline = buffered.indexOf('\n')
        while (newline >= 0) {
          const line = buffered.slice(0, newline).trim()
          buffered = buffered.slice(newline + 1)
          if (line) onEvent(JSON.parse(line) as { type: string; object: KubeObject })
          newline = buffered.indexOf('\n')
        }
      })
      res.on('end', () => onEnd())
      res.on('error', err => onEnd(err))
    })
    req.on('error', err => onEnd(err))
    req.end()
    return () => req.destroy()
  }

  close(): void {
    this.agent.destroy()
  }
}

/** Runs the cluster's kubectl as the admin (never the ambient KUBECONFIG). */
export async function kubectl(cluster: TestCluster, args: string[], input?: string): Promise<string> {
  const cacheDir = path.join(os.tmpdir(), 'kube-deploy-fixtures-kubectl-cache')
  return new Promise<string>((resolve, reject) => {
    const child = execFile(
      cluster.kubectl,
      ['--kubeconfig', cluster.kubeconfigFile, '--cache-dir', cacheDir, ...args],
      {
        env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), KUBECACHEDIR: cacheDir },
        maxBuffer: 64 * 1024 * 1024
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`kubectl ${args.join(' ')}: ${stderr || error.message}`))
        else resolve(stdout)
      }
    )
    if (input !== undefined) child.stdin?.end(input)
  })
}

function key(object: KubeObject): string {
  return `${object.apiVersion}/${object.kind}/${object.metadata.name}`
}

/** What a predicate sees: the namespace's objects as the watches last delivered them. */
export class View {
  constructor(private readonly objects: Map<string, KubeObject>) {}

  all(kind: string): KubeObject[] {
    return [...this.objects.values()].filter(o => o.kind === kind)
  }

  get(kind: string, name: string): KubeObject | undefined {
    return this.all(kind).find(o => o.metadata.name === name)
  }

  pods(): KubeObject[] {
    return this.all('Pod')
  }

  events(): KubeObject[] {
    return this.all('Event')
  }
}

interface Waiter {
  predicate: (view: View) => boolean
  resolve: (objects: KubeObject[]) => void
}

/**
 * An informer-like cache of every object of the given types in one namespace: list, then watch,
 * updated event by event. Waiters are checked after every single event, so short-lived states
 * (a pod between its deletionTimestamp and its removal) are seen too.
 */
export class NamespaceCache {
  private readonly objects = new Map<string, KubeObject>()
  private readonly waiters: Waiter[] = []
  private readonly stops: (() => void)[] = []
  private stopped = false
  private readonly extra: KubeObject[] = []
  /** Called for every watch event before the waiters are checked (for the timeline log). */
  onEvent?: (type: string, object: KubeObject) => void

  constructor(
    private readonly kube: Kube,
    readonly namespace: string,
    private readonly types: ResourceType[]
  ) {}

  async start(): Promise<void> {
    await Promise.all(this.types.map(type => this.listAndWatch(type)))
  }

  /** Cluster-scoped or otherwise unwatched objects to add to every snapshot (e.g. the CRD). */
  include(object: KubeObject): void {
    this.extra.push(object)
  }

  private async listAndWatch(type: ResourceType): Promise<void> {
    const { items, resourceVersion } = await this.kube.list(type, this.namespace)
    for (const [k, o] of this.objects)
      if (o.kind === type.kind && o.apiVersion === type.apiVersion) this.objects.delete(k)
    for (const item of items) this.objects.set(key(item), item)
    this.check()
    this.follow(type, resourceVersion)
  }

  private follow(type: ResourceType, resourceVersion: string): void {
    if (this.stopped) return
    let lastVersion = resourceVersion
    let gone = false
    const stop = this.kube.watch(
      type,
      this.namespace,
      resourceVersion,
      event => {
        if (event.type === 'ERROR') {
          gone = true
          return
        }
        lastVersion = event.object.metadata.resourceVersion ?? lastVersion
        if (event.type === 'BOOKMARK') return
        if (event.type === 'DELETED') this.objects.delete(key(event.object))
        else this.objects.set(key(event.object), event.object)
        this.onEvent?.(event.type, event.object)
        this.check()
      },
      () => {
        if (this.stopped) return
        if (gone) void this.listAndWatch(type).catch(() => undefined)
        else this.follow(type, lastVersion)
      }
    )
    this.stops.push(stop)
  }

  view(): View {
    return new View(this.objects)
  }

  /** The objects now, ordered, managedFields removed, deep-copied. */
  snapshot(): KubeObject[] {
    const objects = [...this.extra, ...this.objects.values()].map(o => {
      const copy = structuredClone(o)
      delete copy.metadata.managedFields
      return copy
    })
    return objects.sort(compareObjects)
  }

  private check(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(this.view())) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        waiter.resolve(this.snapshot())
      }
    }
  }

  /**
   * Resolves with the first snapshot for which `predicate` holds. With `settleMs`, the state must
   * still hold that long later (for steady states), and the later snapshot is returned.
   */
  async until(
    what: string,
    predicate: (view: View) => boolean,
    timeoutMs = 60_000,
    settleMs = 0
  ): Promise<KubeObject[]> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const remaining = deadline - Date.now()
      if (remaining <= 0) throw new Error(`${this.namespace}: timed out waiting for ${what}`)
      const first = await this.once(what, predicate, remaining)
      if (settleMs === 0) return first
      await sleep(settleMs)
      if (predicate(this.view())) return this.snapshot()
    }
  }

  private async once(
    what: string,
    predicate: (view: View) => boolean,
    timeoutMs: number
  ): Promise<KubeObject[]> {
    if (predicate(this.view())) return this.snapshot()
    return new Promise<KubeObject[]>((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: objects => {
          clearTimeout(timer)
          resolve(objects)
        }
      }
      const timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter)
        if (index >= 0) this.waiters.splice(index, 1)
        reject(new Error(`${this.namespace}: timed out waiting for ${what}`))
      }, timeoutMs)
      this.waiters.push(waiter)
    })
  }

  stop(): void {
    this.stopped = true
    for (const stop of this.stops) stop()
  }
}

function eventTime(o: KubeObject): string {
  const e = o as KubeObject & { lastTimestamp?: string; eventTime?: string; firstTimestamp?: string }
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? o.metadata.creationTimestamp ?? ''
}

function compareObjects(a: KubeObject, b: KubeObject): number {
  const rank = (o: KubeObject): number => {
    const index = KIND_ORDER.indexOf(o.kind ?? '')
    // Custom resources come right after their definition.
    return index >= 0 ? index * 10 : 5
  }
  if (rank(a) !== rank(b)) return rank(a) - rank(b)
  if (a.kind === 'Event') {
    const byTime = eventTime(a).localeCompare(eventTime(b))
    if (byTime !== 0) return byTime
    return Number(a.metadata.resourceVersion ?? 0) - Number(b.metadata.resourceVersion ?? 0)
  }
  const byCreation = (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '')
  if (byCreation !== 0) return byCreation
  return a.metadata.name.localeCompare(b.metadata.name)
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
