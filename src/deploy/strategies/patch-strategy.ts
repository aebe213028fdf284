import { planPatch } from '../patch.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'
import { undoByPreviousSpecs } from './undo-previous-specs.js'

/** `command: patch`: one object, the patch checked by a server dry run first; undone by its previous spec. */
export function patchStrategy(context: StrategyContext): CommandStrategy {
  const { settings, cluster, noteDone } = context
  return {
    async plan() {
      const patch = { ...settings.patch, parameters: settings.apply.parameters }
      const { phase, preview } = await planPatch(cluster.kubectl, patch, cluster.namespace, cluster.workDir)
      noteDone(`patch of ${settings.patch.target} validated on the server`)
      return { phases: [phase], observed: [], alwaysWait: false, preview }
    },
    undo: changes => undoByPreviousSpecs(cluster, changes)
  }
}
