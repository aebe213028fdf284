import type { KubeObject, ObjectRef } from '../kube-object.js'
import type { RolloutState } from './outcome.js'

/** A target the run deleted (or pruned): the wait is for it to be gone, not ready. */
export interface Departure {
  ref: ObjectRef
  /** The uid of the object that was deleted: an object of the same name with another uid is a newcomer. */
  uid?: string
}

/**
 * Where a deleted object stands: gone once the server no longer has it (or has only a namesake
 * created since); terminating while finalizers hold it, and they are the evidence; not deleted at
 * all while it has no deletionTimestamp (the delete has not been seen yet, or was refused).
 */
export function judgeDeparture(
  departure: Departure,
  object: KubeObject | undefined
): { state: RolloutState; message: string } {
  if (!object) return { state: 'Current', message: 'gone' }
  if (departure.uid && object.metadata.uid && object.metadata.uid !== departure.uid)
    return { state: 'Current', message: 'gone (an object of the same name was created since)' }
  if (!object.metadata.deletionTimestamp) return { state: 'InProgress', message: 'not deleted yet' }
  const finalizers = (object.metadata.finalizers as string[] | undefined) ?? []
  return {
    state: 'InProgress',
    message:
      finalizers.length > 0 ? `terminating: waiting for finalizers ${finalizers.join(', ')}` : 'terminating'
  }
}
