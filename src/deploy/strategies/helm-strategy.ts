import { installHelm } from '../../tool-installers/helm.js'
import { createHelm, type Helm } from '../../tool-runners/helm-cli.js'
import { maskGivenValues } from '../../tool-runners/secret-values.js'
import { helmRollback, helmUpgrade, readRelease, renderRelease, type ReleaseBefore } from '../helm.js'
import { helmPreview } from '../preview/helm-preview.js'
import { parseSetLines } from '../helm-set-values.js'
import { Inputs } from '../../constants.js'
import { workspaceFiles } from '../../manifests/workspace-paths.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'
import { stat } from 'node:fs/promises'
import * as path from 'node:path'

/**
 * `command: helm`: `helm upgrade --install`; undone by `helm rollback` to the revision the release had
 * before, since helm keeps its own history (a release the run installed has none to go back to).
 */
export function helmStrategy(context: StrategyContext): CommandStrategy {
  const { settings, cluster, noteDone, workspace } = context
  const { release } = settings.helm
  /** Found by plan(): the helm binary, and the release as it stood before the upgrade. */
  let prepared: { helm: Helm; before: ReleaseBefore } | undefined
  return {
    async plan() {
      // The `set` values may be secrets: masked before any command runs, in every form helm may
      // print them (as given, and as the values file spells a string).
      const set = parseSetLines(settings.helm.set)
      maskGivenValues(set.texts.flatMap(text => [text, JSON.stringify(text).slice(1, -1)]))
      // Values files, and a chart given as a local path, are read from the checkout: inside it.
      const scope = { workspace, allowOutside: settings.apply.allowOutsideWorkspace }
      const values = await workspaceFiles(settings.helm.values, Inputs.Values, scope)
      const chart = (await isLocalPath(workspace, settings.helm.chart))
        ? (await workspaceFiles([settings.helm.chart], Inputs.Chart, scope))[0]
        : settings.helm.chart
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
      const upgradeSettings = { ...settings.helm, values, chart }
      const rendered = await renderRelease(helm, upgradeSettings, options, before.revision !== undefined)
      const preview = await helmPreview(cluster.client, rendered, cluster.namespace, release)
      return {
        phases: [
          {
            name: `helm upgrade ${release}`,
            apply: () => helmUpgrade(helm, cluster.client, upgradeSettings, options, before)
          }
        ],
        observed: [],
        alwaysWait: false,
        preview
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

/** A chart is a local path when such a file or folder exists; otherwise a `repo/name` or a URL. */
async function isLocalPath(workspace: string, chart: string): Promise<boolean> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(chart)) return false
  return (await stat(path.resolve(workspace, chart)).catch(() => undefined)) !== undefined
}
