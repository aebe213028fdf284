import * as glob from '@actions/glob'
import { readdir, readFile, stat } from 'node:fs/promises'
import * as path from 'node:path'
import { LineCounter, parseAllDocuments, isMap, isSeq, type Node } from 'yaml'
import { Inputs } from '../constants.js'
import { InputError, ManifestError } from '../support/errors.js'
import { refKey, toRef, type KubeObject } from '../kube-object.js'

/** An object read from a manifest, with where it came from so errors can point at it. */
export interface ManifestObject {
  object: KubeObject
  source: string
  line: number
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json'])
/** Kustomize's own files are not Kubernetes objects: a directory listing skips them (use `kustomize` to render). */
const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization'])

/**
 * Expands the `manifests` input: files as given, directories recursively (YAML and JSON files, in
 * name order), globs by pattern. A line that matches nothing is an error, not a silent no-op.
 */
export async function expandManifestPaths(patterns: string[], cwd: string): Promise<string[]> {
  const files: string[] = []
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern)
    const info = await stat(absolute).catch(() => undefined)
    let matched: string[]
    if (info?.isDirectory()) matched = await listManifestFiles(absolute)
    else if (info?.isFile()) matched = [absolute]
    else if (/[*?[{]/.test(pattern)) {
      const globber = await glob.create(absolute, { matchDirectories: false, followSymbolicLinks: true })
      matched = (await globber.glob()).filter(file => MANIFEST_EXTENSIONS.has(path.extname(file))).sort()
    } else throw new InputError(Inputs.Manifests, `"${pattern}" does not exist`)
    if (matched.length === 0)
      throw new InputError(Inputs.Manifests, `"${pattern}" matches no YAML or JSON file`)
    for (const file of matched) if (!files.includes(file)) files.push(file)
  }
  return files
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

export async function readManifestFiles(files: string[], cwd: string): Promise<ManifestObject[]> {
  const objects: ManifestObject[] = []
  for (const file of files) {
    objects.push(...parseManifests(await readFile(file, 'utf8'), path.relative(cwd, file) || file))
  }
  checkNoDuplicates(objects)
  return objects
}

/**
 * Parses a multi-document YAML (or JSON) text into objects and checks each before anything is sent:
 * YAML syntax, a mapping, `apiVersion`, `kind` and `metadata.name`. `List` documents are expanded.
 */
export function parseManifests(text: string, source: string): ManifestObject[] {
  const lineCounter = new LineCounter()
  const objects: ManifestObject[] = []
  for (const document of parseAllDocuments(text, { lineCounter, uniqueKeys: true })) {
    const lineOf = (offset: number | undefined): number => lineCounter.linePos(offset ?? 0).line
    const problem = document.errors[0]
    if (problem)
      throw new ManifestError(source, lineOf(problem.pos[0]), `invalid YAML: ${firstLine(problem.message)}`)
    if (document.contents === null) continue
    const value: unknown = document.toJS()
    if (value === null || value === undefined) continue
    const line = lineOf(document.contents.range?.[0])
    const object = checkObject(value, source, line)
    if (object.kind === 'List' || object.kind.endsWith('List')) {
      const itemNodes = isMap(document.contents) ? document.contents.get('items', true) : undefined
      const items = Array.isArray(object.items) ? (object.items as unknown[]) : []
      items.forEach((item, index) => {
        const node = isSeq(itemNodes) ? (itemNodes.items[index] as Node | undefined) : undefined
        const itemLine = lineOf(node?.range?.[0] ?? document.contents?.range?.[0])
        objects.push({ object: checkObject(item, source, itemLine), source, line: itemLine })
      })
    } else objects.push({ object, source, line })
  }
  return objects
}

function checkObject(value: unknown, source: string, line: number): KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManifestError(
      source,
      line,
      'a manifest document must be a mapping with apiVersion, kind and metadata'
    )
  }
  const object = value as Partial<KubeObject>
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '')
    throw new ManifestError(source, line, 'missing apiVersion')
  if (typeof object.kind !== 'string' || object.kind === '')
    throw new ManifestError(source, line, 'missing kind')
  if (object.kind.endsWith('List')) return object as KubeObject
  const name = object.metadata?.name
  if (typeof name !== 'string' || name === '') {
    const hint = object.metadata?.generateName ? ' (generateName cannot be applied; give a name)' : ''
    throw new ManifestError(source, line, `${object.kind} has no metadata.name${hint}`)
  }
  if (!/^[a-z0-9]([-a-z0-9.:]*[a-z0-9])?$/.test(name) || name.length > 253) {
    throw new ManifestError(source, line, `${object.kind} name "${name}" is not a valid Kubernetes name`)
  }
  return object as KubeObject
}

function checkNoDuplicates(objects: ManifestObject[]): void {
  const seen = new Map<string, ManifestObject>()
  for (const entry of objects) {
    const key = refKey(toRef(entry.object))
    const first = seen.get(key)
    if (first) {
      throw new ManifestError(
        entry.source,
        entry.line,
        `${entry.object.kind} "${entry.object.metadata.name}" is also defined at ${first.source}:${first.line}`
      )
    }
    seen.set(key, entry)
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]
}
