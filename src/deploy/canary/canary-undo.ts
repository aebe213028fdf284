import type { ClusterConnection } from '../../cluster/connection.js'
import { refKey } from '../../kube-object.js'
import type { Change } from '../change-set.js'
import type { UndoResult } from '../strategies/command-strategy.js'
import { undoByPreviousSpecs } from '../strategies/undo-previous-specs.js'
import type { CanaryNote, CanaryRelease } from './canary-release.js'
import { deleteCanary, findCanary, rejectedLine } from './canary-removal.js'

/**
 * The undo of a failed canary (`rollback-on-failure`): the canary rejects itself (deleted, waited on
 * until its pods are gone); the other objects of the apply go back as a rolling apply's do.
 */
export async function undoCanary(
  cluster: ClusterConnection,
  release: CanaryRelease,
  changes: Change[],
  noteCanary?: (canary: CanaryNote) => void
): Promise<UndoResult> {
  const canaryKey = refKey(release.canary)
  const others = changes.filter(change => refKey(change.ref) !== canaryKey)
  const rest: UndoResult = others.length > 0 ? await undoByPreviousSpecs(cluster, others) : { restored: [] }
  const canary = await findCanary(cluster.client, release.live)
  if (!canary) return rest
  const deleted = await deleteCanary(cluster.client, canary, 'rollback')
  noteCanary?.({ state: 'rejected', stable: release.live, canary: release.canary })
  return {
    restored: rest.restored,
    problems: rest.problems,
    removed: deleted.map(change => ({ ref: change.ref, uid: change.previous?.metadata.uid })),
    said: [rejectedLine(release.canary)]
  }
}
