import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  Watch,
  type V1APIResource
} from '@kubernetes/client-node'
import * as https from 'node:https'
import type { ObjectRef } from '../kube-object.js'
import { toClusterApiError } from './api-errors.js'

/**
 * The API client side of the run: discovery, typed reads, and watches, all on the run's kubeconfig.
 * Every error it gives is a ClusterApiError: the server's message, no credentials (see api-errors.ts).
 */
export interface ClusterClient {
  config: KubeConfig
  objects: KubernetesObjectApi
  core: CoreV1Api
  watch: Watch
  /** Plural name and scope of a kind, from the server's discovery (cached); undefined when unknown. */
  resource(apiVersion: string, kind: string): Promise<V1APIResource | undefined>
  /** Forgets cached discovery, after CRDs were added. */
  refreshDiscovery(): void
  /** The REST path of a collection, e.g. /apis/apps/v1/namespaces/web/deployments. */
  collectionPath(ref: Omit<ObjectRef, 'name'>): Promise<string>
  /**
   * One raw request, for what the typed clients cannot say as is: they re-serialize bodies through
   * their models, which drops fields they do not know (and the server must see those to reject them).
   */
  request(
    method: string,
    path: string,
    body?: string,
    contentType?: string
  ): Promise<{ status: number; body: string }>
}

/** Exposes the discovery lookup that KubernetesObjectApi keeps to itself. */
class DiscoveryApi extends KubernetesObjectApi {
  async find(apiVersion: string, kind: string): Promise<V1APIResource | undefined> {
    try {
      return await this.resource(apiVersion, kind)
    } catch (error) {
      // A group/version the server does not serve (yet): treat as unknown, like a kind it does not list.
      if ((error as { code?: number }).code === 404) return undefined
      throw error
    }
  }
}

/** A Watch whose errors, given to `done` or thrown while it opens, are ClusterApiErrors. */
class CleanWatch extends Watch {
  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void
  ): Promise<AbortController> {
    try {
      return await super.watch(path, queryParams, callback, error =>
        done(error instanceof Error ? toClusterApiError(error) : error)
      )
    } catch (error) {
      throw toClusterApiError(error)
    }
  }
}

/**
 * The API object with the error of every failed call turned into a ClusterApiError, so that no caller
 * can pass on the client library's JSON dump or a URL with its userinfo.
 */
function withCleanErrors<T extends object>(api: T): T {
  return new Proxy(api, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property)
      if (typeof value !== 'function') return value
      return (...args: unknown[]): unknown => {
        const result: unknown = (value as (...args: unknown[]) => unknown).apply(target, args)
        return result instanceof Promise
          ? result.catch((error: unknown) => {
              throw toClusterApiError(error)
            })
          : result
      }
    }
  })
}

export function createClusterClient(kubeconfigFile: string): ClusterClient {
  const config = new KubeConfig()
  config.loadFromFile(kubeconfigFile)
  let discovery = withCleanErrors(config.makeApiClient(DiscoveryApi))
  const client: ClusterClient = {
    config,
    objects: withCleanErrors(KubernetesObjectApi.makeApiClient(config)),
    core: withCleanErrors(config.makeApiClient(CoreV1Api)),
    watch: new CleanWatch(config),
    resource: (apiVersion, kind) => discovery.find(apiVersion, kind),
    refreshDiscovery: () => {
      discovery = withCleanErrors(config.makeApiClient(DiscoveryApi))
    },
    async request(method, path, body, contentType) {
      try {
        const options: https.RequestOptions = {}
        await config.applyToHTTPSOptions(options)
        const server = new URL(config.getCurrentCluster()?.server ?? '')
        const headers = {
          ...(options.headers as Record<string, string>),
          Accept: 'application/json',
          ...(contentType ? { 'Content-Type': contentType } : {})
        }
        return await new Promise((resolve, reject) => {
          const call = https.request(new URL(path, server), { ...options, method, headers }, response => {
            let text = ''
            response.setEncoding('utf8')
            response.on('data', (chunk: string) => (text += chunk))
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }))
            response.on('error', reject)
          })
          call.on('error', reject)
          call.end(body)
        })
      } catch (error) {
        // A transport error (`request to https://user:pass@host/... failed`): the server said nothing.
        throw toClusterApiError(error)
      }
    },
    async collectionPath(ref) {
      const resource = await client.resource(ref.apiVersion, ref.kind)
      if (!resource) throw new Error(`the server has no kind ${ref.kind} in ${ref.apiVersion}`)
      // Every segment encoded: a `?` or `#` in a namespace must not turn into a query or a fragment.
      const segment = encodeURIComponent
      const version = ref.apiVersion.split('/').map(segment).join('/')
      const base = ref.apiVersion.includes('/') ? `/apis/${version}` : `/api/${version}`
      return resource.namespaced && ref.namespace
        ? `${base}/namespaces/${segment(ref.namespace)}/${segment(resource.name)}`
        : `${base}/${segment(resource.name)}`
    }
  }
  return client
}
