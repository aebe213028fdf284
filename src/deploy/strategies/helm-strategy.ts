import { installHelm } from '../../tool-installers/helm.js'
import { createHelm, type Helm } from '../../tool-runners/helm-cli.js'
import { maskGivenValues } from '../../tool-runners/secret-values.js'
import { helmRollback, helmUpgrade, readRelease, type ReleaseBefore } from '../helm.js'
import { parseSetLines } from '../helm-set-values.js'
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
      // The `set` values may be secrets: masked before any command runs, in every form helm may
      // print them (as given, and as the values file spells a string).
      const set = parseSetLines(settings.helm.set)
      maskGivenValues(set.texts.flatMap(text => [text, JSON.stringify(text).slice(1, -1)]))
      const binary = await installHelm(settings.tools)
      noteDone(`helm ${settings.tools.helmVersion} ready`)
      const helm = createHelm(binary, cluster.kubeconfig, cluster.namespace, cluster.workDir)
      const before = await readRelease(helm, cluster.client, release, cluster.namespace)
      prepared = { helm, before }
      noteDone(
        before.revision === undefined
          ? `helm release ${release} not installed yet`
          : `helm release ${release} at revision ${before.revision}`
      )
      const options = { namespace: cluster.namespace, workDir: cluster.workDir, setValues: set.values }
      return {
        phases: [
          {
            name: `helm upgrade ${release}`,
            apply: () => helmUpgrade(helm, cluster.client, settings.helm, options, before)
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
