import { toRef } from '../../kube-object.js'
import { planManifests } from '../../manifests/plan.js'
import { plural } from '../../support/plural.js'
import { resolveNamespaces } from '../namespaces.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'

/**
 * `command: status`: changes nothing; reads how the objects of the manifests (and the selector's pods)
 * stand now. The wait is its whole result.
 */
export function statusStrategy(context: StrategyContext): CommandStrategy {
  const { settings, cluster, workspace, noteDone } = context
  return {
    async plan() {
      if (settings.apply.manifests.length === 0 && !settings.apply.kustomize)
        return { phases: [], observed: [], alwaysWait: true }
      const entries = await planManifests(settings.apply, cluster.kubectl, workspace)
      await resolveNamespaces(cluster.client, entries, cluster.namespace)
      noteDone(`${plural(entries.length, 'object')} read from the manifests`)
      return { phases: [], observed: entries.map(entry => toRef(entry.object)), alwaysWait: true }
    },
    undo: () => Promise.resolve({ restored: [], nothingToUndo: 'command: status changes nothing' })
  }
}
