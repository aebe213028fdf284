import { displayName, type KubeObject, type ObjectRef } from '../../kube-object.js'
import type { WaitUntil } from '../../rollout/rules/rule.js'
import { sendRolloutPatches, type RolloutAction } from '../argo-rollout-patches.js'
import { FIELD_MANAGER } from '../server-side-apply.js'
import { readTarget } from '../target-kinds.js'
import { logAndNote, type CommandStrategy, type StrategyContext } from './command-strategy.js'

export interface RolloutCommand {
  /** `promote`, `abort`: the verb, for the phase and the messages. */
  verb: string
  /** The patches for the Rollout as it is now, or why there is nothing to do. */
  decide(rollout: KubeObject): RolloutAction
  /** What the wait after it waits for. */
  waitUntil: WaitUntil
  /** Why the command is not undone after a failed wait. */
  nothingToUndo: string
}

/**
 * A command on one Argo Rollout, without the kubectl plugin: the Rollout read, the patches chosen
 * from it (nothing when the command is done already, and then it says so), sent, and the Rollout
 * waited on like any rollout, within the run's one deadline.
 */
export function rolloutCommandStrategy(
  context: StrategyContext,
  ref: ObjectRef,
  command: RolloutCommand
): CommandStrategy {
  const { cluster, noteDone } = context
  const note = logAndNote(noteDone)
  return {
    async plan() {
      const rollout = await readTarget(cluster.client, ref)
      const action = command.decide(rollout)
      if ('nothingToDo' in action) {
        note(action.nothingToDo)
        return { phases: [], observed: [ref], alwaysWait: false, waitUntil: command.waitUntil }
      }
      const phase = {
        name: `${command.verb} ${displayName(ref)}`,
        apply: async () => {
          await sendRolloutPatches(cluster.client, ref, action.patches, { fieldManager: FIELD_MANAGER })
          for (const change of action.patches.changes) note(`${change} on ${displayName(ref)}`)
          return [{ ref, action: 'configured' as const, source: command.verb }]
        }
      }
      if (context.settings.dryRun)
        for (const change of action.patches.changes)
          note(`dry run, not sent: ${change} on ${displayName(ref)}`)
      const preview = [{ ref, action: 'configured' as const, source: command.verb }]
      return { phases: [phase], observed: [], alwaysWait: false, waitUntil: command.waitUntil, preview }
    },
    undo: () => Promise.resolve({ restored: [], nothingToUndo: command.nothingToUndo })
  }
}
