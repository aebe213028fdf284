import { apiErrorMessage } from '../cluster/api-errors.js'
import type { ClusterClient } from '../cluster/client.js'
import { mapConcurrent } from '../support/concurrency.js'
import { toRef, type KubeObject } from '../kube-object.js'

const CONCURRENCY = 8

/**
 * Reads the live version of each object, as the server stores it (raw JSON: nothing dropped, so it
 * can be sent back by a rollback). Objects that do not exist are left out.
 */
export async function readLiveObjects(client: ClusterClient, objects: KubeObject[]): Promise<KubeObject[]> {
  const live = await mapConcurrent(objects, CONCURRENCY, object =>
    client.get(toRef(object)).catch((error: unknown) => {
      throw new Error(`reading ${object.kind} ${object.metadata.name}: ${apiErrorMessage(error)}`)
    })
  )
  return live.filter((object): object is KubeObject => object !== undefined)
}
