import { errorFromResponse, parseAnswer } from './api-errors.js'
import type { Transport } from './http-transport.js'

/** A kind as the server's discovery lists it: its plural (the REST path segment) and its scope. */
export interface ApiResource {
  name: string
  kind: string
  namespaced: boolean
}

interface ApiResourceList {
  resources?: ApiResource[]
}

/**
 * The server's discovery, one group version at a time, each asked once: the plural name and scope
 * of every kind the run touches. A group version the server does not serve (a CRD not installed
 * yet) is an empty list, not an error.
 */
export class Discovery {
  private readonly groupVersions = new Map<string, Promise<ApiResource[]>>()
  private readonly groups = new Map<string, Promise<string | undefined>>()

  constructor(private readonly transport: Transport) {}

  async resource(apiVersion: string, kind: string): Promise<ApiResource | undefined> {
    const resources = await this.groupVersion(apiVersion)
    return resources.find(resource => resource.kind === kind)
  }

  /** Every kind of a group version (empty when the server does not serve it). */
  resources(apiVersion: string): Promise<ApiResource[]> {
    return this.groupVersion(apiVersion)
  }

  /**
   * The version the server prefers for a group (`v1` for the core group), or undefined when it does
   * not serve the group: how a kind named without a version (`Deployment.apps`) is read.
   */
  async preferredVersion(group: string): Promise<string | undefined> {
    if (group === '') return 'v1'
    let version = this.groups.get(group)
    if (!version) {
      version = this.fetchPreferred(group)
      version.catch(() => this.groups.delete(group))
      this.groups.set(group, version)
    }
    return version
  }

  /** Forgets what the server said, after CRDs were added. */
  refresh(): void {
    this.groupVersions.clear()
    this.groups.clear()
  }

  private async fetchPreferred(group: string): Promise<string | undefined> {
    const response = await this.transport.send('GET', `/apis/${encodeURIComponent(group)}`)
    if (response.status === 404) return undefined
    if (response.status !== 200) throw errorFromResponse(response.status, response.body)
    return parseAnswer<{ preferredVersion?: { groupVersion?: string } }>(response).preferredVersion
      ?.groupVersion
  }

  private groupVersion(apiVersion: string): Promise<ApiResource[]> {
    let resources = this.groupVersions.get(apiVersion)
    if (!resources) {
      resources = this.fetch(apiVersion)
      // A failed lookup is not remembered: the next caller asks again.
      resources.catch(() => this.groupVersions.delete(apiVersion))
      this.groupVersions.set(apiVersion, resources)
    }
    return resources
  }

  private async fetch(apiVersion: string): Promise<ApiResource[]> {
    const response = await this.transport.send('GET', groupVersionPath(apiVersion))
    if (response.status === 404) return []
    if (response.status !== 200) throw errorFromResponse(response.status, response.body)
    const list = parseAnswer<ApiResourceList>(response)
    // Subresources (deployments/status, pods/log) share their kind with the resource itself.
    return (list.resources ?? []).filter(resource => !resource.name.includes('/'))
  }
}

/** The REST path of a group version: /api/v1 for the core group, /apis/<group>/<version> otherwise. */
export function groupVersionPath(apiVersion: string): string {
  const version = apiVersion.split('/').map(encodeURIComponent).join('/')
  return apiVersion.includes('/') ? `/apis/${version}` : `/api/${version}`
}
