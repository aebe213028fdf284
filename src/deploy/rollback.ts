import * as core from '@actions/core'
import { writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { stringify } from 'yaml'
import type { Kubectl } from '../tool-runners/kubectl-cli.js'
import { displayName, groupKind, type KubeObject, type ObjectRef } from '../kube-object.js'
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

/**
 * Puts each changed workload back to the spec it had before this run (kubectl replace of the previous
 * object), which makes its controller roll back to the previous pods. Deletes nothing.
 */
export async function rollBack(kubectl: Kubectl, plan: RollbackPlan, workDir: string): Promise<ObjectRef[]> {
  if (plan.restore.length === 0) return []
  const file = path.join(workDir, 'rollback.yaml')
  await writeFile(
    file,
    plan.restore.map(change => stringify(restorable(change.previous as KubeObject))).join('---\n'),
    { mode: 0o600 }
  )
  await kubectl.run(['replace', '-f', file])
  for (const change of plan.restore) core.info(`${displayName(change.ref)} restored to its previous spec`)
  return plan.restore.map(change => change.ref)
}
