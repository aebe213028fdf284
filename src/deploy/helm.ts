import type { Helm } from '../tool-runners/helm-cli.js'
import type { ClusterClient } from '../cluster/client.js'
import type { Settings } from '../inputs.js'
import type { KubeObject } from '../kube-object.js'
import { parseManifests } from '../manifests/load.js'
import { diffChanges, logChanges, type ChangeSet } from './change-set.js'
import { readLiveObjects } from './live-objects.js'
import { resolveNamespaces } from './namespaces.js'

interface ReleaseInfo {
  revision: number
}

/**
 * `helm upgrade --install` without helm's own wait: the action's wait is the one that knows why a
 * rollout fails. The change set is derived from the release manifest, live objects compared before/after.
 */
export async function helmUpgrade(
  helm: Helm,
  client: ClusterClient,
  settings: Settings['helm'],
  namespace: string
): Promise<ChangeSet> {
  const previous = await releaseStatus(helm, settings.release)
  const before = previous
    ? await liveObjects(client, await releaseManifest(helm, settings.release), namespace)
    : []

  const args = ['upgrade', '--install', settings.release, settings.chart]
  if (settings.chartVersion) args.push('--version', settings.chartVersion)
  for (const file of settings.values) args.push('--values', file)
  for (const pair of settings.set) args.push('--set', pair)
  await helm.run(args, { echo: true })

  const after = await liveObjects(client, await releaseManifest(helm, settings.release), namespace)
  const source = `helm release ${settings.release}`
  const changes = diffChanges(before, after, () => source)
  logChanges(changes)
  return { changes, helmRelease: { name: settings.release, previousRevision: previous?.revision } }
}

export async function helmRollback(helm: Helm, release: string, revision: number): Promise<void> {
  await helm.run(['rollback', release, String(revision)], { echo: true })
}

async function releaseStatus(helm: Helm, release: string): Promise<ReleaseInfo | undefined> {
  const result = await helm.run(['status', release, '--output', 'json'], { allowFailure: true })
  if (result.exitCode !== 0) return undefined
  const status = JSON.parse(result.stdout) as { version?: number }
  return status.version ? { revision: status.version } : undefined
}

async function releaseManifest(helm: Helm, release: string): Promise<string> {
  return (await helm.run(['get', 'manifest', release])).stdout
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
