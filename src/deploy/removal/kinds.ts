import type { ApiResource, ClusterClient } from '../../cluster/client.js'
import { Inputs } from '../../constants.js'
import { InputError } from '../../support/errors.js'

/** A kind of the `kinds` input, as the server serves it. */
export interface ServedKind {
  apiVersion: string
  kind: string
  namespaced: boolean
}

/**
 * Reads the `kinds` input against the server's discovery, before anything is deleted: each entry is
 * `<name>[.<group>]` as kubectl writes it, the name being the plural (`deployments`), the singular or
 * the Kind; no group means the core group. A kind the server does not serve is an error naming it.
 */
export async function resolveKinds(client: ClusterClient, kinds: string[]): Promise<ServedKind[]> {
  const resolved: ServedKind[] = []
  for (const entry of kinds) {
    const dot = entry.indexOf('.')
    const name = dot < 0 ? entry : entry.slice(0, dot)
    const group = dot < 0 ? '' : entry.slice(dot + 1)
    const apiVersion = await client.preferredVersion(group)
    const resources = apiVersion ? await client.resources(apiVersion) : []
    const found = resources.find(resource => names(resource, name))
    if (!apiVersion || !found) {
      const where = group ? `in group ${group}` : 'in the core group (name the group: deployments.apps)'
      throw new InputError(Inputs.Kinds, `the cluster serves no kind "${entry}" ${where}`)
    }
    if (!resolved.some(kind => kind.apiVersion === apiVersion && kind.kind === found.kind))
      resolved.push({ apiVersion, kind: found.kind, namespaced: found.namespaced })
  }
  return resolved
}

function names(resource: ApiResource, name: string): boolean {
  const lower = name.toLowerCase()
  return resource.name === lower || resource.kind.toLowerCase() === lower
}
