import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  Watch,
  type V1APIResource
} from '@kubernetes/client-node'
import fetch, { Headers, type RequestInit } from 'node-fetch'
import type { ObjectRef } from '../kube-object.js'

/** The API client side of the run: discovery, typed reads, and watches, all on the run's kubeconfig. */
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

export function createClusterClient(kubeconfigFile: string): ClusterClient {
  const config = new KubeConfig()
  config.loadFromFile(kubeconfigFile)
  let discovery = config.makeApiClient(DiscoveryApi)
  const client: ClusterClient = {
    config,
    objects: KubernetesObjectApi.makeApiClient(config),
    core: config.makeApiClient(CoreV1Api),
    watch: new Watch(config),
    resource: (apiVersion, kind) => discovery.find(apiVersion, kind),
    refreshDiscovery: () => {
      discovery = config.makeApiClient(DiscoveryApi)
    },
    async request(method, path, body, contentType) {
      const init: RequestInit = await config.applyToFetchOptions({})
      // The credentials come as a Headers object: extend it rather than spread it.
      const headers = new Headers(init.headers)
      headers.set('Accept', 'application/json')
      if (contentType) headers.set('Content-Type', contentType)
      const server = config.getCurrentCluster()?.server ?? ''
      const response = await fetch(`${server}${path}`, { ...init, method, body, headers })
      return { status: response.status, body: await response.text() }
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
