// Only the kubeconfig part of the client library: its generated API classes are most of its size, and
// the few calls the run makes are plain REST (see HttpTransport).
import { KubeConfig } from '@kubernetes/client-node/dist/config.js'
import { toRef, type KubeObject, type ObjectRef } from '../kube-object.js'
import { ClusterApiError, errorFromResponse, parseAnswer } from './api-errors.js'
import { Discovery, groupVersionPath, type ApiResource } from './discovery.js'
import { HttpTransport, type ApiResponse, type Transport } from './http-transport.js'
import { openWatch, type WatchEventHandler, type WatchHandle } from './watch-stream.js'

export type { ApiResource } from './discovery.js'
export type { WatchEventHandler, WatchHandle } from './watch-stream.js'

/** A collection to list or watch: a kind, in a namespace (or cluster-wide), optionally filtered. */
export interface CollectionRef {
  apiVersion: string
  kind: string
  namespace?: string
  labelSelector?: string
  fieldSelector?: string
}

export interface ObjectList {
  /** Each with its apiVersion and kind (a list's items carry none of their own). */
  items: KubeObject[]
  resourceVersion: string
}

/** How a write is sent: a dry run validates and defaults everything and stores nothing. */
export interface WriteOptions {
  fieldManager: string
  dryRun?: boolean
  /** Server-side apply: take over fields another manager owns instead of failing with a conflict. */
  force?: boolean
}

/** The object the server answered with, and whether the write created it (201). */
export interface WriteResult {
  object: KubeObject
  created: boolean
}

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'test'
  path: string
  value?: unknown
}

/** How a delete is sent. */
export interface DeleteOptions {
  /** `Foreground`: the object stays (with a deletionTimestamp) until its dependents are gone. */
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'
  dryRun?: boolean
  /** Deletes only the object with this uid: a namesake created meanwhile is left alone. */
  uid?: string
}

/** What a delete found: the object as it is now (terminating, with finalizers), or gone. */
export interface DeleteResult {
  /** False when there was nothing to delete (404). */
  found: boolean
  /** The object the server answered with while it terminates; undefined once it is gone. */
  object?: KubeObject
}

export interface PodLogOptions {
  container: string
  previous?: boolean
  tailLines?: number
}

/** How long one call may take, and what cancels it (the end of a wait, of the evidence's budget). */
export interface CallOptions {
  signal?: AbortSignal
  timeoutMs?: number
}

/**
 * The run's one door to the API server: every read, write and watch goes through here, on the run's
 * kubeconfig, with a timeout, and every failure is a ClusterApiError carrying the server's Status
 * message (api-errors.ts). Nothing else in the action speaks HTTP to the cluster.
 */
export interface ClusterClient {
  /** Plural name and scope of a kind, from the server's discovery (cached); undefined when unknown. */
  resource(apiVersion: string, kind: string): Promise<ApiResource | undefined>
  /** Every kind of a group version, from discovery (cached); empty when it is not served. */
  resources(apiVersion: string): Promise<ApiResource[]>
  /** `group/version` the server prefers for a group (`v1` for the core group); undefined when not served. */
  preferredVersion(group: string): Promise<string | undefined>
  /** Forgets cached discovery, after CRDs were added. */
  refreshDiscovery(): void
  /** The REST path of a collection, e.g. /apis/apps/v1/namespaces/web/deployments. */
  collectionPath(ref: Omit<ObjectRef, 'name'>): Promise<string>
  /** The live object, or undefined when it does not exist. */
  get(ref: ObjectRef): Promise<KubeObject | undefined>
  list(collection: CollectionRef, call?: CallOptions): Promise<ObjectList>
  /** Streams a collection's changes from a resourceVersion; see watch-stream.ts. */
  watch(
    collection: CollectionRef & { resourceVersion: string },
    onEvent: WatchEventHandler,
    onDone: (error: ClusterApiError | undefined) => void
  ): Promise<WatchHandle>
  /** Server-side apply of a whole object, with strict field validation. */
  apply(object: KubeObject, options: WriteOptions): Promise<WriteResult>
  /**
   * Replaces an object whole (PUT). Its `metadata.resourceVersion` is the precondition: when the
   * object changed since, the server refuses with 409 Conflict and nothing is written.
   */
  replace(object: KubeObject, options: WriteOptions): Promise<WriteResult>
  /** A JSON patch (RFC 6902); a `test` operation makes it conditional. */
  patchJson(ref: ObjectRef, operations: JsonPatchOperation[], options: WriteOptions): Promise<WriteResult>
  /**
   * A JSON merge patch (RFC 7386: `null` removes a field). With `subresource` (`status`) it goes to
   * that subresource, which a CRD without one answers with 404.
   */
  patchMerge(
    ref: ObjectRef,
    body: Record<string, unknown>,
    options: WriteOptions,
    subresource?: 'status'
  ): Promise<WriteResult>
  /** Creates an object in a collection (which may differ from its own namespace: see server-check.ts). */
  create(collection: Omit<ObjectRef, 'name'>, object: KubeObject, options: WriteOptions): Promise<WriteResult>
  /** Deletes one object; a 404 is `found: false`, not an error. Does not wait until it is gone. */
  delete(ref: ObjectRef, options?: DeleteOptions): Promise<DeleteResult>
  /** The events of a namespace that match a field selector. */
  events(namespace: string, fieldSelector: string, call?: CallOptions): Promise<KubeObject[]>
  /** The tail of a container's log. */
  podLog(namespace: string, pod: string, options: PodLogOptions, call?: CallOptions): Promise<string>
  /**
   * Asks the server for its version (which any client may read): resolves once it answers, whatever
   * it answers; rejects when it cannot be reached or says nothing within `timeoutMs`.
   */
  ping(timeoutMs: number): Promise<void>
  /** Ends every request in flight and every watch, and closes the connections: the process may exit. */
  close(): void
  /**
   * Refuses every change not sent yet (reads still go out), and lets the requests in flight finish:
   * a cancelled run changes nothing more, and can still learn what the server did with what it sent.
   */
  refuseChanges(reason: string): void
}

/** The client of the run, on its kubeconfig file (never the ambient one). */
export function createClusterClient(kubeconfigFile: string): ClusterClient {
  const config = new KubeConfig()
  config.loadFromFile(kubeconfigFile)
  return clusterClientOver(new HttpTransport(config))
}

/** The client's REST calls over any transport: the real one, or a test's scripted server. */
export function clusterClientOver(server: Transport): ClusterClient {
  let refusal: ClusterApiError | undefined
  /** The refusal of a change once the run is cancelled; reads are never refused. */
  const refused = (method: string): ClusterApiError | undefined => (method === 'GET' ? undefined : refusal)
  const transport: Transport = {
    send(method, path, options) {
      const refusing = refused(method)
      return refusing ? Promise.reject(refusing) : server.send(method, path, options)
    },
    open(method, path, options) {
      const refusing = refused(method)
      return refusing ? Promise.reject(refusing) : server.open(method, path, options)
    },
    close: () => server.close()
  }
  const discovery = new Discovery(transport)

  const collectionPath = async (ref: Omit<ObjectRef, 'name'>): Promise<string> => {
    const resource = await discovery.resource(ref.apiVersion, ref.kind)
    if (!resource)
      throw new ClusterApiError(`the server has no kind ${ref.kind} in ${ref.apiVersion}`, 404, undefined)
    // Every segment encoded: a `?` or `#` in a namespace must not turn into a query or a fragment.
    const base = groupVersionPath(ref.apiVersion)
    const plural = encodeURIComponent(resource.name)
    return resource.namespaced && ref.namespace
      ? `${base}/namespaces/${encodeURIComponent(ref.namespace)}/${plural}`
      : `${base}/${plural}`
  }
  const objectPath = async (ref: ObjectRef): Promise<string> =>
    `${await collectionPath(ref)}/${encodeURIComponent(ref.name)}`

  const list = async (collection: CollectionRef, call: CallOptions = {}): Promise<ObjectList> => {
    const query = selectorQuery(collection)
    const response = await transport.send('GET', `${await collectionPath(collection)}${query}`, call)
    if (response.status !== 200) throw errorFromResponse(response.status, response.body)
    const answer = parseAnswer<{ items?: KubeObject[]; metadata?: { resourceVersion?: string } }>(response)
    const { apiVersion, kind } = collection
    return {
      items: (answer.items ?? []).map(item => ({ ...item, apiVersion, kind })),
      resourceVersion: answer.metadata?.resourceVersion ?? ''
    }
  }

  const written = (response: ApiResponse): WriteResult => {
    if (response.status !== 200 && response.status !== 201)
      throw errorFromResponse(response.status, response.body)
    return { object: parseAnswer<KubeObject>(response), created: response.status === 201 }
  }

  return {
    resource: (apiVersion, kind) => discovery.resource(apiVersion, kind),
    resources: apiVersion => discovery.resources(apiVersion),
    preferredVersion: group => discovery.preferredVersion(group),
    refreshDiscovery: () => discovery.refresh(),
    collectionPath,

    async get(ref) {
      const response = await transport.send('GET', await objectPath(ref))
      if (response.status === 404) return undefined
      if (response.status !== 200) throw errorFromResponse(response.status, response.body)
      return parseAnswer<KubeObject>(response)
    },

    list,

    async watch(collection, onEvent, onDone) {
      const { resourceVersion, labelSelector, fieldSelector } = collection
      const query = { resourceVersion, allowWatchBookmarks: true, labelSelector, fieldSelector }
      return openWatch(transport, await collectionPath(collection), query, onEvent, onDone)
    },

    async apply(object, options) {
      const query = writeQuery(options, { force: options.force ?? false })
      const path = `${await objectPath(toRef(object))}${query}`
      const body = JSON.stringify(object)
      return written(
        await transport.send('PATCH', path, { body, contentType: 'application/apply-patch+yaml' })
      )
    },

    async replace(object, options) {
      const path = `${await objectPath(toRef(object))}${writeQuery(options, {})}`
      const body = JSON.stringify(object)
      return written(await transport.send('PUT', path, { body, contentType: 'application/json' }))
    },

    async patchJson(ref, operations, options) {
      const path = `${await objectPath(ref)}${writeQuery(options, {})}`
      const body = JSON.stringify(operations)
      return written(
        await transport.send('PATCH', path, { body, contentType: 'application/json-patch+json' })
      )
    },

    async patchMerge(ref, body, options, subresource) {
      const path = `${await objectPath(ref)}${subresource ? `/${subresource}` : ''}${writeQuery(options, {})}`
      return written(
        await transport.send('PATCH', path, {
          body: JSON.stringify(body),
          contentType: 'application/merge-patch+json'
        })
      )
    },

    async create(collection, object, options) {
      const path = `${await collectionPath(collection)}${writeQuery(options, {})}`
      return written(
        await transport.send('POST', path, { body: JSON.stringify(object), contentType: 'application/json' })
      )
    },

    async delete(ref, options = {}) {
      const params = new URLSearchParams()
      if (options.dryRun) params.set('dryRun', 'All')
      const query = params.toString()
      const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'DeleteOptions' }
      // The server reads a DELETE's options from its body when it has one, and then ignores the query:
      // a dry run must be said in the body, or the object is deleted for real.
      if (options.dryRun) body.dryRun = ['All']
      if (options.propagationPolicy) body.propagationPolicy = options.propagationPolicy
      if (options.uid) body.preconditions = { uid: options.uid }
      const path = `${await objectPath(ref)}${query ? `?${query}` : ''}`
      const response = await transport.send('DELETE', path, {
        body: JSON.stringify(body),
        contentType: 'application/json'
      })
      if (response.status === 404) return { found: false }
      if (response.status !== 200 && response.status !== 202)
        throw errorFromResponse(response.status, response.body)
      // 200 answers the object (still terminating) or a Status (already gone); 202 the object.
      const answer = parseAnswer<KubeObject>(response)
      return { found: true, object: answer.kind === 'Status' ? undefined : answer }
    },

    async events(namespace, fieldSelector, call) {
      return (await list({ apiVersion: 'v1', kind: 'Event', namespace, fieldSelector }, call)).items
    },

    async podLog(namespace, pod, options, call = {}) {
      const params = new URLSearchParams({ container: options.container })
      if (options.previous) params.set('previous', 'true')
      if (options.tailLines) params.set('tailLines', String(options.tailLines))
      const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log?${params.toString()}`
      const response = await transport.send('GET', path, call)
      if (response.status !== 200) throw errorFromResponse(response.status, response.body)
      return response.body
    },

    async ping(timeoutMs) {
      await transport.send('GET', '/version', { timeoutMs })
    },

    close: () => transport.close(),
    refuseChanges(reason) {
      refusal = new ClusterApiError(reason, undefined, undefined)
    }
  }
}

function selectorQuery(collection: CollectionRef): string {
  const params = new URLSearchParams()
  if (collection.labelSelector) params.set('labelSelector', collection.labelSelector)
  if (collection.fieldSelector) params.set('fieldSelector', collection.fieldSelector)
  const query = params.toString()
  return query ? `?${query}` : ''
}

function writeQuery(options: WriteOptions, extra: Record<string, boolean>): string {
  const params = new URLSearchParams({ fieldManager: options.fieldManager, fieldValidation: 'Strict' })
  if (options.dryRun) params.set('dryRun', 'All')
  for (const [key, value] of Object.entries(extra)) params.set(key, String(value))
  return `?${params.toString()}`
}
