import * as core from '@actions/core'
import type { Helm } from '../cli/helm-cli.js'
import type { Kubectl } from '../cli/kubectl-cli.js'
import type { Settings } from '../inputs.js'
import type { KubeObject } from '../kube-object.js'
import { parseManifests } from '../manifests/load.js'
import { diffChanges, itemsOf, type ChangeSet } from './change-set.js'
import { writeFile } from 'node:fs/promises'
import * as path from 'node:path'

interface ReleaseInfo {
  revision: number
}

/**
 * `helm upgrade --install` without helm's own wait: the action's wait is the one that knows why a
 * rollout fails. The change set is derived from the release manifest, live objects compared before/after.
 */
export async function helmUpgrade(
  helm: Helm,
  kubectl: Kubectl,
  settings: Settings['helm'],
  workDir: string
): Promise<ChangeSet> {
  const previous = await releaseStatus(helm, settings.release)
  const before = previous
    ? await liveObjects(kubectl, await releaseManifest(helm, settings.release), workDir, 'helm-before')
    : []

  const args = ['upgrade', '--install', settings.release, settings.chart]
  if (settings.chartVersion) args.push('--version', settings.chartVersion)
  for (const file of settings.values) args.push('--values', file)
  for (const pair of settings.set) args.push('--set', pair)
  await helm.run(args, { echo: true })

  const after = await liveObjects(
    kubectl,
    await releaseManifest(helm, settings.release),
    workDir,
    'helm-after'
  )
  const source = `helm release ${settings.release}`
  const changes = diffChanges(before, after, () => source)
  for (const change of changes)
    core.info(`${change.ref.kind.toLowerCase()}/${change.ref.name} ${change.action}`)
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

async function liveObjects(
  kubectl: Kubectl,
  manifest: string,
  workDir: string,
  name: string
): Promise<KubeObject[]> {
  if (parseManifests(manifest, 'helm manifest').length === 0) return []
  const file = path.join(workDir, `${name}.yaml`)
  await writeFile(file, manifest, { mode: 0o600 })
  return itemsOf(await kubectl.json<KubeObject>(['get', '-f', file, '--ignore-not-found']))
}
