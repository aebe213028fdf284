import { planPatch } from '../patch.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'
import { undoByPreviousSpecs } from './undo-previous-specs.js'

/** `command: patch`: one object, the patch checked by a server dry run first; undone by its previous spec. */
export function patchStrategy(context: StrategyContext): CommandStrategy {
  const { settings, session, noteDone } = context
  return {
    async plan() {
      const { target, body, type } = settings.patch
      const phase = await planPatch(session.kubectl, target, body, type, session.namespace)
      noteDone(`patch of ${target} validated on the server`)
      return { phases: [phase], observed: [], alwaysWait: false }
    },
    undo: changes => undoByPreviousSpecs(session, changes)
  }
}
