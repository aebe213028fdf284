import { installHelm } from '../../tool-installers/helm.js'
import { createHelm, type Helm } from '../../tool-runners/helm-cli.js'
import { helmRollback, helmUpgrade, readRelease, type ReleaseBefore } from '../helm.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'

/**
 * `command: helm`: `helm upgrade --install`; undone by `helm rollback` to the revision the release had
 * before, since helm keeps its own history (a release the run installed has none to go back to).
 */
export function helmStrategy(context: StrategyContext): CommandStrategy {
  const { settings, cluster, noteDone } = context
  const { release } = settings.helm
  /** Found by plan(): the helm binary, and the release as it stood before the upgrade. */
  let prepared: { helm: Helm; before: ReleaseBefore } | undefined
  return {
    async plan() {
      const binary = await installHelm(settings.tools)
      noteDone(`helm ${settings.tools.helmVersion} ready`)
      const helm = createHelm(binary, cluster.kubeconfig, cluster.namespace)
      const before = await readRelease(helm, cluster.client, release, cluster.namespace)
      prepared = { helm, before }
      noteDone(
        before.revision === undefined
          ? `helm release ${release} not installed yet`
          : `helm release ${release} at revision ${before.revision}`
      )
      return {
        phases: [
          {
            name: `helm upgrade ${release}`,
            apply: () => helmUpgrade(helm, cluster.client, settings.helm, cluster.namespace, before)
          }
        ],
        observed: [],
        alwaysWait: false
      }
    },
    async undo(changes) {
      const revision = prepared?.before.revision
      if (!prepared || revision === undefined)
        return {
          restored: [],
          nothingToUndo: `helm release ${release} had no previous revision; left as installed`
        }
      await helmRollback(prepared.helm, release, revision)
      return { restored: changes.map(change => change.ref) }
    }
  }
}
