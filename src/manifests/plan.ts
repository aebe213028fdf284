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
import { ParameterSubstitution } from './parameters.js'
import type { DocumentTransform } from './plain-yaml.js'
import { annotateObjects, provenanceFromEnvironment } from './provenance.js'
import { expandManifestPaths, kustomizeDirectory, type PathScope } from './workspace-paths.js'

/**
 * Reads everything the run will apply (parameters replaced as it is read, before any check), checks it,
 * substitutes images, adds the provenance annotations and orders it. Runs entirely before the cluster
 * is changed: any error here leaves the cluster as it was.
 */
export async function planManifests(
  settings: Settings['apply'],
  kubectl: Kubectl,
  workspace: string
): Promise<ManifestObject[]> {
  const scope: PathScope = { workspace, allowOutside: settings.allowOutsideWorkspace }
  const parameters = new ParameterSubstitution(settings.parameters)
  const substitute: DocumentTransform = (document, at) => parameters.substituteDocument(document, at)
  const entries: ManifestObject[] = []
  if (settings.manifests.length > 0) {
    const files = await expandManifestPaths(settings.manifests, scope)
    entries.push(...(await readManifestFiles(files, workspace, substitute)))
  }
  if (settings.kustomize)
    entries.push(...(await renderKustomization(kubectl, settings.kustomize, scope, substitute)))
  logParameters(parameters)
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
  if (settings.provenance.annotate) {
    const provenance = provenanceFromEnvironment(process.env, settings.provenance.environment)
    annotateObjects(
      entries.map(entry => entry.object),
      provenance
    )
  }
  return orderForApply(entries)
}

async function renderKustomization(
  kubectl: Kubectl,
  directory: string,
  scope: PathScope,
  transform: DocumentTransform
): Promise<ManifestObject[]> {
  const absolute = await kustomizeDirectory(directory, scope)
  let rendered: string
  try {
    rendered = (await kubectl.run(['kustomize', absolute])).stdout
  } catch (error) {
    if (error instanceof CommandError)
      throw new InputError(
        Inputs.Kustomize,
        `kubectl kustomize ${directory} failed: ${error.result.stderr.trim()}`
      )
    throw error
  }
  return parseManifests(rendered, `kustomize ${directory}`, transform)
}

/** Which parameter went where (never its value); a declared one that nothing used is likely a typo. */
function logParameters(parameters: ParameterSubstitution): void {
  const places = new Map<string, string[]>()
  for (const use of parameters.used())
    places.set(use.name, [...(places.get(use.name) ?? []), `${use.source}:${use.line}`])
  for (const [name, where] of places) {
    const more = where.length > 5 ? ` and ${where.length - 5} more` : ''
    core.info(`parameter ${name} replaced at ${where.slice(0, 5).join(', ')}${more}`)
  }
  for (const name of parameters.unused())
    core.warning(`parameters: "${name}" is declared but no manifest uses \${parameters.${name}}`)
}
