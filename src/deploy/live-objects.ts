import { responseErrorMessage } from '../cluster/api-errors.js'
import type { ClusterClient } from '../cluster/client.js'
import { mapConcurrent } from '../support/concurrency.js'
import { toRef, type KubeObject } from '../kube-object.js'

const CONCURRENCY = 8

/**
 * Reads the live version of each object, as the server stores it (raw JSON: nothing dropped, so it
 * can be sent back by a rollback). Objects that do not exist are left out.
 */
export async function readLiveObjects(client: ClusterClient, objects: KubeObject[]): Promise<KubeObject[]> {
  const live = await mapConcurrent(objects, CONCURRENCY, async object => {
    const path = `${await client.collectionPath(toRef(object))}/${encodeURIComponent(object.metadata.name)}`
    const response = await client.request('GET', path)
    if (response.status === 404) return undefined
    if (response.status !== 200) {
      throw new Error(
        `reading ${object.kind} ${object.metadata.name}: ${responseErrorMessage(response.status, response.body)}`
      )
    }
    return JSON.parse(response.body) as KubeObject
  })
  return live.filter((object): object is KubeObject => object !== undefined)
}
