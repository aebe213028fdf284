import type { ClusterClient } from '../cluster/client.js'
import { ManifestError } from '../support/errors.js'
import type { ManifestObject } from '../manifests/load.js'
import { readLiveObjects } from './live-objects.js'

/**
 * Fills in the run's namespace on namespaced objects that name none (and drops a namespace from
 * cluster-scoped ones), so the change set and the wait know where each object lives. A kind the
 * server does not serve fails here, naming the file and line, before anything is changed.
 */
export async function resolveNamespaces(
  client: ClusterClient,
  entries: ManifestObject[],
  namespace: string
): Promise<void> {
  for (const { object, source, line } of entries) {
    const resource = await client.resource(object.apiVersion, object.kind)
    if (!resource)
      throw new ManifestError(
        source,
        line,
        `the cluster does not serve kind ${object.kind} in ${object.apiVersion}`
      )
    if (resource.namespaced) object.metadata.namespace ??= namespace
    else delete object.metadata.namespace
  }
}

/** The namespaces the set creates that do not exist yet: objects bound for them cannot be dry-run there. */
export async function missingNamespaces(
  client: ClusterClient,
  entries: ManifestObject[]
): Promise<Set<string>> {
  const namespaces = entries
    .map(entry => entry.object)
    .filter(object => object.kind === 'Namespace' && object.apiVersion === 'v1')
  if (namespaces.length === 0) return new Set()
  const existing = new Set((await readLiveObjects(client, namespaces)).map(object => object.metadata.name))
  return new Set(namespaces.map(object => object.metadata.name).filter(name => !existing.has(name)))
}

/**
 * An existing namespace to dry-run objects in whose own namespace does not exist yet (see
 * server-check.ts): the step's namespace when it exists, else `default`.
 */
export async function standInNamespace(
  client: ClusterClient,
  stepNamespace: string,
  missing: Set<string>
): Promise<string> {
  if (missing.has(stepNamespace)) return 'default'
  // A namespace the credentials may not read is no stand-in either.
  const live = await client
    .get({ apiVersion: 'v1', kind: 'Namespace', name: stepNamespace })
    .catch(() => undefined)
  return live ? stepNamespace : 'default'
}
