import { apiErrorCode, apiErrorMessage } from '../cluster/api-errors.js'
import type { ClusterClient } from '../cluster/client.js'
import { displayName, toRef, withoutManagedFields, type KubeObject } from '../kube-object.js'
import type { ManifestObject } from '../manifests/load.js'
import { applyLevels } from '../manifests/order.js'
import { settleConcurrent } from '../support/concurrency.js'
import { errorMessage } from '../support/errors.js'
import { logChanges, PartialChangeError, type Change, type ChangeAction } from './change-set.js'
import { adoptClientSideFields } from './field-ownership.js'
import { REQUESTS_IN_FLIGHT } from '../cluster/http-transport.js'

export const FIELD_MANAGER = 'kube-deploy'

export interface ServerSideApplyOptions {
  /** Take over fields another manager owns instead of failing with the server's conflict list. */
  forceConflicts: boolean
}

/**
 * Server-side apply of validated objects, in-process: level by level (see applyLevels), the objects
 * of a level side by side. Each change is read from the server's own answers: 201 means this run
 * created the object; otherwise the resourceVersion it answered with, against the one it had just
 * before, says whether anything was stored. A concurrent run that created the object first is seen
 * as such, not as a second creation.
 */
export async function serverSideApply(
  client: ClusterClient,
  entries: ManifestObject[],
  options: ServerSideApplyOptions
): Promise<Change[]> {
  const changes: Change[] = []
  for (const level of applyLevels(entries)) {
    const results = await settleConcurrent(level, REQUESTS_IN_FLIGHT, entry =>
      applyOne(client, entry, options)
    )
    const done = results.filter(
      (result): result is PromiseFulfilledResult<Change> => result.status === 'fulfilled'
    )
    changes.push(...done.map(result => result.value))
    logChanges(done.map(result => result.value))
    const failed = results.findIndex(result => result.status === 'rejected')
    if (failed >= 0) {
      const entry = level[failed]
      const reason = (results[failed] as PromiseRejectedResult).reason as unknown
      throw new PartialChangeError(`${entry.source}:${entry.line}: ${errorMessage(reason)}`, changes)
    }
  }
  return changes
}

async function applyOne(
  client: ClusterClient,
  entry: ManifestObject,
  options: ServerSideApplyOptions
): Promise<Change> {
  const { object } = entry
  const ref = toRef(object)
  const previous = await client.get(ref)
  let baseline = previous?.metadata.resourceVersion
  const adoption = previous && adoptClientSideFields(previous, FIELD_MANAGER)
  if (adoption) {
    const adopted = await client.patchJson(ref, adoption, { fieldManager: FIELD_MANAGER })
    baseline = adopted.object.metadata.resourceVersion
  }
  const result = await client
    .apply(object, { fieldManager: FIELD_MANAGER, force: options.forceConflicts })
    .catch((error: unknown) => {
      throw new Error(applyFailure(object, error))
    })
  const action: ChangeAction = result.created
    ? 'created'
    : result.object.metadata.resourceVersion === baseline
      ? 'unchanged'
      : 'configured'
  return {
    ref,
    action,
    source: `${entry.source}:${entry.line}`,
    // A run that lost the race to create it has no previous object of its own to go back to.
    previous: result.created || !previous ? undefined : withoutManagedFields(previous),
    applied: withoutManagedFields(result.object)
  }
}

function applyFailure(object: KubeObject, error: unknown): string {
  const message = `${displayName(toRef(object))}: ${apiErrorMessage(error)}`
  return apiErrorCode(error) === 409
    ? `${message} (fields another manager set; force-conflicts: true takes them over)`
    : message
}
