import * as core from '@actions/core'
import { apiErrorCode } from '../cluster/api-errors.js'
import type { ClusterClient } from '../cluster/client.js'
import { displayName, groupKind, type KubeObject, type ObjectRef } from '../kube-object.js'
import { rolloutSpecOf } from './applied-spec.js'
import type { Change } from './change-set.js'

/**
 * Kinds whose controller rolls its pods back when the previous spec is put back. Bare Pods are left
 * out: most of a Pod's spec cannot be changed in place.
 */
const RESTORABLE_KINDS = new Set([
  'Deployment.apps',
  'StatefulSet.apps',
  'DaemonSet.apps',
  'ReplicaSet.apps',
  'Job.batch'
])

/** Metadata the server owns: replacing with it would conflict or lie. */
const SERVER_FIELDS = [
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds'
]

export interface RollbackPlan {
  restore: Change[]
  /** Workloads this run created: they have no previous revision and are left in place. */
  leftInPlace: Change[]
}

/** Which changes a rollback restores: workloads this run configured (a previous spec exists). */
export function planRollback(changes: Change[]): RollbackPlan {
  const workloads = changes.filter(change => RESTORABLE_KINDS.has(groupKind(change.ref)))
  return {
    restore: workloads.filter(change => change.action === 'configured' && change.previous),
    leftInPlace: workloads.filter(change => change.action === 'created')
  }
}

/** The previous object as it can be sent back: server-owned fields and status removed. */
export function restorable(previous: KubeObject): KubeObject {
  const metadata = { ...previous.metadata }
  for (const field of SERVER_FIELDS) delete metadata[field]
  const copy: KubeObject = { ...previous, metadata }
  delete copy.status
  return copy
}

/** Attempts at a replace that a status update raced (its resourceVersion moved, the spec did not). */
const REPLACE_ATTEMPTS = 3
const ROLLBACK_FIELD_MANAGER = 'kube-deploy-rollback'

export interface RollbackResult {
  restored: ObjectRef[]
  /** Workloads left as they are, and why: another writer changed them after this run. */
  skipped: string[]
}

/**
 * Puts each changed workload back to the spec it had before this run, which makes its controller roll
 * back to the previous pods. Deletes nothing. A workload whose spec someone else changed after this
 * run applied it is left alone: putting back our previous spec would undo their change, not ours.
 * Each replace carries the live resourceVersion as its precondition, so a change that lands between
 * the check and the replace is never overwritten either.
 */
export async function rollBack(client: ClusterClient, plan: RollbackPlan): Promise<RollbackResult> {
  const result: RollbackResult = { restored: [], skipped: [] }
  for (const change of plan.restore) {
    const name = displayName(change.ref)
    const outcome = await restoreOne(client, change)
    if (outcome === undefined) {
      core.info(`${name} restored to its previous spec`)
      result.restored.push(change.ref)
    } else {
      core.warning(`${name} not restored: ${outcome}`)
      result.skipped.push(`${name} not restored: ${outcome}`)
    }
  }
  return result
}

/** Undefined once restored; otherwise why the workload was left as it is. */
async function restoreOne(client: ClusterClient, change: Change): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    const live = await client.get(change.ref)
    if (!live) return 'it no longer exists'
    if (change.applied && rolloutSpecOf(live) !== rolloutSpecOf(change.applied))
      return 'someone else changed its spec after this run applied it; their change is kept'
    const previous = restorable(change.previous as KubeObject)
    const replacement = {
      ...previous,
      metadata: { ...previous.metadata, resourceVersion: live.metadata.resourceVersion }
    }
    try {
      await client.replace(replacement, { fieldManager: ROLLBACK_FIELD_MANAGER })
      return undefined
    } catch (error) {
      if (apiErrorCode(error) !== 409 || attempt >= REPLACE_ATTEMPTS) throw error
    }
  }
}
