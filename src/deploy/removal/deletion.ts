import * as core from '@actions/core'
import { apiErrorCode, apiErrorMessage } from '../../cluster/api-errors.js'
import type { ClusterClient } from '../../cluster/client.js'
import { REQUESTS_IN_FLIGHT } from '../../cluster/http-transport.js'
import { displayName, withoutManagedFields, type KubeObject, type ObjectRef } from '../../kube-object.js'
import { settleConcurrent } from '../../support/concurrency.js'
import { errorMessage } from '../../support/errors.js'
import { logChanges, PartialChangeError, type Change, type ChangeAction } from '../change-set.js'
import type { Propagation } from './removal-settings.js'

/** One object to delete: where it came from, and the live object when the caller has read it. */
export interface DeletionTarget {
  ref: ObjectRef
  source: string
  /** The live object as read (its uid is the delete's precondition); read now when absent. */
  live?: KubeObject
}

export interface DeletionOptions {
  propagation: Propagation
  /** What a removal is called in the change set: `deleted` (command: delete) or `pruned`. */
  action: Extract<ChangeAction, 'deleted' | 'pruned'>
}

/**
 * Deletes objects side by side, each only if it is still the object that was read (a uid
 * precondition: a namesake created meanwhile is left alone, and left out of the changes). An object
 * already absent is `already gone`, not an error. Does not wait: the run's wait does, until each is gone.
 */
export async function deleteObjects(
  client: ClusterClient,
  targets: DeletionTarget[],
  options: DeletionOptions
): Promise<Change[]> {
  const results = await settleConcurrent(targets, REQUESTS_IN_FLIGHT, target =>
    deleteOne(client, target, options)
  )
  const changes = results.flatMap(result =>
    result.status === 'fulfilled' && result.value ? [result.value] : []
  )
  logChanges(changes)
  const failed = results.findIndex(result => result.status === 'rejected')
  if (failed >= 0) {
    const reason = (results[failed] as PromiseRejectedResult).reason as unknown
    throw new PartialChangeError(`${targets[failed].source}: ${errorMessage(reason)}`, changes)
  }
  return changes
}

async function deleteOne(
  client: ClusterClient,
  target: DeletionTarget,
  options: DeletionOptions
): Promise<Change | undefined> {
  const { ref, source } = target
  const live = target.live ?? (await client.get(ref))
  const gone: Change = { ref, action: 'already gone', source }
  if (!live) return gone
  const result = await client
    .delete(ref, { propagationPolicy: options.propagation, uid: live.metadata.uid })
    .catch((error: unknown) => {
      if (apiErrorCode(error) === 409) return 'replaced' as const
      throw new Error(`deleting ${displayName(ref)}: ${apiErrorMessage(error)}`)
    })
  if (result === 'replaced') {
    core.info(`${displayName(ref)} was created anew since it was read (another uid): left alone`)
    return undefined
  }
  if (!result.found) return gone
  return { ref, action: options.action, source, previous: withoutManagedFields(live) }
}
