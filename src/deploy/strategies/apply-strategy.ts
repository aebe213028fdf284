import { planManifests } from '../../manifests/plan.js'
import { plural } from '../../support/plural.js'
import { planApply } from '../apply.js'
import { undoByPreviousSpecs } from './undo-previous-specs.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'

/** `command: apply`: manifests read, checked on the server, then applied CRDs first; undone by previous specs. */
export function applyStrategy(context: StrategyContext): CommandStrategy {
  const { settings, cluster, workspace, noteDone } = context
  return {
    async plan() {
      const entries = await planManifests(settings.apply, cluster.kubectl, workspace)
      noteDone(`${plural(entries.length, 'object')} read from the manifests`)
      const plan = await planApply(cluster.kubectl, cluster.client, entries, {
        namespace: cluster.namespace,
        serverSide: settings.apply.serverSide,
        forceConflicts: settings.apply.forceConflicts,
        workDir: cluster.workDir
      })
      noteDone(`${plural(plan.checked, 'object')} validated on the server`)
      if (plan.schemaChecked > 0)
        noteDone(
          `${plural(plan.schemaChecked, 'custom resource')} checked against the schemas of CRDs in this apply`
        )
      return { phases: plan.phases, observed: [], alwaysWait: false, preview: plan.preview }
    },
    undo: changes => undoByPreviousSpecs(cluster, changes)
  }
}
