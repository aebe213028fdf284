import type { ClusterConnection } from '../../cluster/connection.js'
import type { Change } from '../change-set.js'
import { planRollback, rollBack } from '../rollback.js'
import type { UndoResult } from './command-strategy.js'

/**
 * The undo of `apply` and `patch`: each workload the run configured goes back to the spec it had
 * before (a replace with a resourceVersion precondition), and its controller rolls its pods back. What the run created stays.
 */
export async function undoByPreviousSpecs(
  cluster: ClusterConnection,
  changes: Change[]
): Promise<UndoResult> {
  const plan = planRollback(changes)
  const { restored, skipped } = await rollBack(cluster.client, plan)
  if (restored.length > 0 || skipped.length > 0) return { restored, problems: skipped }
  return { restored, nothingToUndo: 'no changed workload had a previous revision' }
}
