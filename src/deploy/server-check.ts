import * as core from '@actions/core'
import type { ClusterClient } from '../cluster/client.js'
import { mapConcurrent } from '../support/concurrency.js'
import { ManifestError } from '../support/errors.js'
import { toRef } from '../kube-object.js'
import type { ManifestObject } from '../manifests/load.js'

/** Requests in flight at once: enough to hide latency, few enough not to crowd the apiserver. */
const CONCURRENCY = 8
const CHECK_FIELD_MANAGER = 'kube-deploy-check'

/**
 * Asks the server to validate every object before anything changes: a server-side apply with
 * dryRun=All and strict field validation, one request per object, several at a time. Unknown fields,
 * invalid values and immutable-field changes come back as errors naming the file and line; nothing is
 * stored. (kubectl's own --dry-run=server computes each object on the client first and is several
 * times slower on large sets.)
 */
export async function checkOnServer(client: ClusterClient, entries: ManifestObject[]): Promise<void> {
  const problems = await mapConcurrent(entries, CONCURRENCY, async entry => {
    const { object } = entry
    const collection = await client.collectionPath(toRef(object))
    const query = `dryRun=All&fieldManager=${CHECK_FIELD_MANAGER}&force=true&fieldValidation=Strict`
    const path = `${collection}/${encodeURIComponent(object.metadata.name)}?${query}`
    core.debug(`server check: PATCH ${path}`)
    const response = await client.request(
      'PATCH',
      path,
      JSON.stringify(object),
      'application/apply-patch+yaml'
    )
    return response.status >= 200 && response.status < 300
      ? undefined
      : { entry, message: statusMessage(response.body, response.status) }
  })
  const problem = problems.find(found => found !== undefined)
  if (problem)
    throw new ManifestError(
      problem.entry.source,
      problem.entry.line,
      `rejected by the server: ${problem.message}`
    )
}

function statusMessage(body: string, status: number): string {
  try {
    const parsed = JSON.parse(body) as { message?: string }
    if (parsed.message) return parsed.message
  } catch {
    // not a Status object
  }
  return `HTTP ${status}`
}
