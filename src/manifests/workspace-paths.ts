import * as glob from '@actions/glob'
import { readdir, realpath, stat } from 'node:fs/promises'
import * as path from 'node:path'
import { Inputs } from '../constants.js'
import { InputError } from '../support/errors.js'

/** Where manifest paths start, and whether they may lead out of it. */
export interface PathScope {
  /** GITHUB_WORKSPACE: relative paths start here, and every path must end up inside it. */
  workspace: string
  /** `allow-outside-workspace: true`: absolute paths, `../` and symlinks may go anywhere. */
  allowOutside: boolean
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json'])
/** Kustomize's own files are not Kubernetes objects: a directory listing skips them (use `kustomize` to render). */
const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization'])

/**
 * Expands the `manifests` input: files as given, directories recursively (YAML and JSON files, in
 * name order), globs by pattern. A line that matches nothing is an error, not a silent no-op. Returns
 * each file's real path (symlinks followed), which must lie inside the workspace: a checkout holds
 * whatever the repository holds, symlinks to `/etc` or to the runner's credentials included.
 */
export async function expandManifestPaths(patterns: string[], scope: PathScope): Promise<string[]> {
  const root = await realWorkspace(scope.workspace)
  const files: string[] = []
  for (const pattern of patterns) {
    const absolute = path.resolve(scope.workspace, pattern)
    const info = await stat(absolute).catch(() => undefined)
    let matched: string[]
    if (info?.isDirectory()) matched = await listManifestFiles(absolute)
    else if (info?.isFile()) {
      if (!MANIFEST_EXTENSIONS.has(path.extname(absolute)))
        throw new InputError(Inputs.Manifests, `"${pattern}" is not a .yaml, .yml or .json file`)
      matched = [absolute]
    } else if (/[*?[{]/.test(pattern)) {
      const globber = await glob.create(absolute, { matchDirectories: false, followSymbolicLinks: true })
      matched = (await globber.glob()).filter(file => MANIFEST_EXTENSIONS.has(path.extname(file))).sort()
    } else throw new InputError(Inputs.Manifests, `"${pattern}" does not exist`)
    if (matched.length === 0)
      throw new InputError(Inputs.Manifests, `"${pattern}" matches no YAML or JSON file`)
    for (const file of matched) {
      const real = await confined(file, pattern, Inputs.Manifests, root, scope)
      if (!MANIFEST_EXTENSIONS.has(path.extname(real)))
        throw new InputError(
          Inputs.Manifests,
          `"${pattern}": ${file} links to ${real}, not a .yaml, .yml or .json file`
        )
      if (!files.includes(real)) files.push(real)
    }
  }
  return files
}

/** The real path of the `kustomize` directory, which must lie inside the workspace too. */
export async function kustomizeDirectory(directory: string, scope: PathScope): Promise<string> {
  const absolute = path.resolve(scope.workspace, directory)
  if (!(await stat(absolute).catch(() => undefined))?.isDirectory()) {
    throw new InputError(Inputs.Kustomize, `"${directory}" is not a directory`)
  }
  return confined(absolute, directory, Inputs.Kustomize, await realWorkspace(scope.workspace), scope)
}

/**
 * The real paths of files named by an input other than `manifests` (helm `values`, a local chart):
 * each must exist and lie inside the workspace too, for the same reason.
 */
export async function workspaceFiles(files: string[], input: Inputs, scope: PathScope): Promise<string[]> {
  const root = await realWorkspace(scope.workspace)
  const real: string[] = []
  for (const file of files)
    real.push(await confined(path.resolve(scope.workspace, file), file, input, root, scope))
  return real
}

async function listManifestFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true })
  const files: string[] = []
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(directory, entry.name)
    if (entry.isDirectory()) files.push(...(await listManifestFiles(full)))
    else if (MANIFEST_EXTENSIONS.has(path.extname(entry.name)) && !KUSTOMIZATION_FILES.has(entry.name))
      files.push(full)
  }
  return files
}

async function realWorkspace(workspace: string): Promise<string> {
  return realpath(workspace).catch(() => path.resolve(workspace))
}

/** The real path of `file` (found from the input line `given`), refused when it leads out of `root`. */
async function confined(
  file: string,
  given: string,
  input: Inputs,
  root: string,
  scope: PathScope
): Promise<string> {
  let real: string
  try {
    real = await realpath(file)
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error)
    throw new InputError(input, `"${given}": ${file} cannot be resolved (${code})`)
  }
  if (scope.allowOutside || isInside(root, real)) return real
  const via = path.resolve(scope.workspace, given) === file ? '' : ` (${file})`
  throw new InputError(
    input,
    `"${given}"${via} resolves to ${real}, outside the workspace ${root}; set \`allow-outside-workspace: true\` to use it`
  )
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate)
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  )
}
