import type { ClusterClient } from '../cluster/client.js'
import { ManifestError } from '../support/errors.js'
import type { ManifestObject } from '../manifests/load.js'

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
