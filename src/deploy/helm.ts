import type { Helm } from '../tool-runners/helm-cli.js'
import { withPrivateFile } from '../tool-runners/private-file.js'
import type { ClusterClient } from '../cluster/client.js'
import type { Settings } from '../inputs.js'
import type { KubeObject } from '../kube-object.js'
import { parseManifests } from '../manifests/load.js'
import { errorMessage } from '../support/errors.js'
import { valuesFileContent, type SetValues } from './helm-set-values.js'
import { diffChanges, logChanges, PartialChangeError, type Change } from './change-set.js'
import { readLiveObjects } from './live-objects.js'
import { resolveNamespaces } from './namespaces.js'

/** A release as it stands before the upgrade: what a rollback returns to. */
export interface ReleaseBefore {
  /** Absent when the release does not exist yet (the upgrade installs it). */
  revision?: number
  /** The release's objects as the cluster holds them. */
  objects: KubeObject[]
}

/** Reads the release before anything changes: its revision and its live objects. */
export async function readRelease(
  helm: Helm,
  client: ClusterClient,
  release: string,
  namespace: string
): Promise<ReleaseBefore> {
  const revision = await releaseRevision(helm, release)
  if (revision === undefined) return { objects: [] }
  return { revision, objects: await liveObjects(client, await releaseManifest(helm, release), namespace) }
}

/**
 * `helm upgrade --install` without helm's own wait: the action's wait is the one that knows why a
 * rollout fails. The changes are derived from the release manifest, live objects compared before/after.
 */
export async function helmUpgrade(
  helm: Helm,
  client: ClusterClient,
  settings: Settings['helm'],
  options: UpgradeOptions,
  before: ReleaseBefore
): Promise<Change[]> {
  const { namespace } = options
  const source = `helm release ${settings.release}`
  const readAfter = async (): Promise<KubeObject[]> =>
    liveObjects(client, await releaseManifest(helm, settings.release), namespace)
  try {
    await upgradeRelease(helm, settings, options)
  } catch (error) {
    // A failed upgrade may have changed some objects already; the release record says which.
    const after = await readAfter().catch(() => [])
    const changed = diffChanges(before.objects, after, () => source).filter(
      change => change.action !== 'unchanged'
    )
    throw new PartialChangeError(errorMessage(error), changed)
  }
  const changes = diffChanges(before.objects, await readAfter(), () => source)
  logChanges(changes)
  return changes
}

export interface UpgradeOptions {
  namespace: string
  /** The run's private folder, where the `set` values file is written. */
  workDir: string
  /** The `set` lines, parsed (parseSetLines). */
  setValues: SetValues
}

/**
 * `helm upgrade --install`, its values off the command line: the `set` values go in a private values
 * file given after the user's own files (helm lets later files win, and `--set` won over files: it
 * still does). The release and the chart come after `--`.
 */
async function upgradeRelease(
  helm: Helm,
  settings: Settings['helm'],
  options: UpgradeOptions
): Promise<void> {
  await withValueFiles(settings, options, async valueFlags => {
    await helm.run(['upgrade', '--install', ...valueFlags, '--', settings.release, settings.chart], {
      echo: true
    })
  })
}

/**
 * The release's manifests as `helm upgrade` would render them, with the same chart, version and
 * values, changing nothing (`helm template`, which asks the cluster nothing; `--is-upgrade` when the
 * release exists, so that templates see what an upgrade sees).
 */
export async function renderRelease(
  helm: Helm,
  settings: Settings['helm'],
  options: UpgradeOptions,
  isUpgrade: boolean
): Promise<string> {
  return withValueFiles(settings, options, async valueFlags => {
    const upgrade = isUpgrade ? ['--is-upgrade'] : []
    const args = ['template', ...upgrade, ...valueFlags, '--', settings.release, settings.chart]
    return (await helm.run(args)).stdout
  })
}

/** Runs a helm command given the chart version and values flags, the `set` values in a private file. */
async function withValueFiles<T>(
  settings: Settings['helm'],
  options: UpgradeOptions,
  command: (valueFlags: string[]) => Promise<T>
): Promise<T> {
  const flags = (setFile?: string): string[] => [
    ...(settings.chartVersion ? [`--version=${settings.chartVersion}`] : []),
    ...[...settings.values, ...(setFile ? [setFile] : [])].map(file => `--values=${file}`)
  ]
  if (Object.keys(options.setValues).length === 0) return command(flags())
  return withPrivateFile(options.workDir, 'set-values.json', valuesFileContent(options.setValues), file =>
    command(flags(file))
  )
}

export async function helmRollback(helm: Helm, release: string, revision: number): Promise<void> {
  await helm.run(['rollback', '--', release, String(revision)], { echo: true })
}

async function releaseRevision(helm: Helm, release: string): Promise<number | undefined> {
  const result = await helm.run(['status', '--output', 'json', '--', release], { allowFailure: true })
  if (result.exitCode !== 0) return undefined
  const status = JSON.parse(result.stdout) as { version?: number }
  return status.version || undefined
}

async function releaseManifest(helm: Helm, release: string): Promise<string> {
  return (await helm.run(['get', 'manifest', '--', release])).stdout
}

/** The release's objects as the cluster holds them (helm leaves the release namespace implicit). */
async function liveObjects(
  client: ClusterClient,
  manifest: string,
  namespace: string
): Promise<KubeObject[]> {
  const entries = parseManifests(manifest, 'helm manifest')
  await resolveNamespaces(client, entries, namespace)
  return readLiveObjects(
    client,
    entries.map(entry => entry.object)
  )
}
