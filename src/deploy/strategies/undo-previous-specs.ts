import type { ClusterSession } from '../../cluster/session.js'
import type { Change } from '../change-set.js'
import { planRollback, rollBack } from '../rollback.js'
import type { UndoResult } from './command-strategy.js'

/**
 * The undo of `apply` and `patch`: each workload the run configured goes back to the spec it had
 * before (kubectl replace), and its controller rolls its pods back. What the run created stays.
 */
export async function undoByPreviousSpecs(session: ClusterSession, changes: Change[]): Promise<UndoResult> {
  const restored = await rollBack(session.kubectl, planRollback(changes), session.workDir)
  return restored.length > 0
    ? { restored }
    : { restored, nothingToUndo: 'no changed workload had a previous revision' }
}
