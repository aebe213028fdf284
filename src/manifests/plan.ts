import * as core from '@actions/core'
import type { Kubectl } from '../tool-runners/kubectl-cli.js'
import { CommandError } from '../tool-runners/run-command.js'
import { Inputs } from '../constants.js'
import { InputError } from '../support/errors.js'
import type { Settings } from '../inputs.js'
import { checkContainerImages } from './container-images.js'
import { substituteImages } from './images.js'
import { parseManifests, readManifestFiles, type ManifestObject } from './load.js'
import { orderForApply } from './order.js'
import { expandManifestPaths, kustomizeDirectory, type PathScope } from './workspace-paths.js'

/**
 * Reads everything the run will apply, checks it, substitutes images and orders it. Runs entirely
 * before the cluster is changed: any error here leaves the cluster as it was.
 */
export async function planManifests(
  settings: Settings['apply'],
  kubectl: Kubectl,
  workspace: string
): Promise<ManifestObject[]> {
  const scope: PathScope = { workspace, allowOutside: settings.allowOutsideWorkspace }
  const entries: ManifestObject[] = []
  if (settings.manifests.length > 0) {
    entries.push(
      ...(await readManifestFiles(await expandManifestPaths(settings.manifests, scope), workspace))
    )
  }
  if (settings.kustomize) entries.push(...(await renderKustomization(kubectl, settings.kustomize, scope)))
  if (entries.length === 0) throw new InputError(Inputs.Manifests, 'the manifests hold no object')
  if (settings.images.length > 0) {
    const { changes, unused } = substituteImages(
      entries.map(entry => entry.object),
      settings.images
    )
    for (const change of changes)
      core.info(`image of ${change.object} container ${change.container}: ${change.from} → ${change.to}`)
    for (const image of unused)
      core.warning(`images: no container uses the repository of ${image}; nothing replaced`)
  }
  // After substitution: a placeholder that `images` replaces is no error; what is left must parse.
  checkContainerImages(entries)
  return orderForApply(entries)
}

async function renderKustomization(
  kubectl: Kubectl,
  directory: string,
  scope: PathScope
): Promise<ManifestObject[]> {
  const absolute = await kustomizeDirectory(directory, scope)
  try {
    const rendered = await kubectl.run(['kustomize', absolute])
    return parseManifests(rendered.stdout, `kustomize ${directory}`)
  } catch (error) {
    if (error instanceof CommandError)
      throw new InputError(
        Inputs.Kustomize,
        `kubectl kustomize ${directory} failed: ${error.result.stderr.trim()}`
      )
    throw error
  }
}
