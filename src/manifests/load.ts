import { readFile, realpath } from 'node:fs/promises'
import * as path from 'node:path'
import { LineCounter, parseAllDocuments, isMap, isSeq, type Document, type Node } from 'yaml'
import { ManifestError } from '../support/errors.js'
import { refKey, toRef, type KubeObject } from '../kube-object.js'
import { checkObject } from './check-object.js'
import { fieldPathText, imageFields, type FieldPath } from './container-images.js'
import { decodeManifest } from './decode.js'
import { checkPlainTags, firstLine, plainValue, type DocumentTransform } from './plain-yaml.js'

/** An object read from a manifest, with where it came from so errors can point at it. */
export interface ManifestObject {
  object: KubeObject
  source: string
  line: number
  /** Line of each container's `image` field, by field path (`spec.template.spec.containers[0].image`). */
  imageLines?: Record<string, number>
}

export async function readManifestFiles(
  files: string[],
  cwd: string,
  transform?: DocumentTransform
): Promise<ManifestObject[]> {
  const root = await realpath(cwd).catch(() => cwd)
  const objects: ManifestObject[] = []
  for (const file of files) {
    const source = path.relative(root, file) || file
    objects.push(...parseManifests(decodeManifest(await readFile(file), source), source, transform))
  }
  checkNoDuplicates(objects)
  return objects
}

/**
 * Parses a multi-document YAML (or JSON) text into objects and checks each before anything is sent:
 * YAML syntax, tags, aliases, a mapping, `apiVersion`, `kind`, `metadata.name` and
 * `metadata.namespace`. `List` documents are expanded. `transform` changes each document before it is
 * checked (parameters are replaced there, so that a name built from one is checked as it will be sent).
 */
export function parseManifests(
  text: string,
  source: string,
  transform?: DocumentTransform
): ManifestObject[] {
  const lineCounter = new LineCounter()
  const objects: ManifestObject[] = []
  for (const document of parseAllDocuments(text, { lineCounter, uniqueKeys: true })) {
    const lineOf = (offset: number | undefined): number => lineCounter.linePos(offset ?? 0).line
    const problem = document.errors[0]
    if (problem)
      throw new ManifestError(source, lineOf(problem.pos[0]), `invalid YAML: ${firstLine(problem.message)}`)
    if (document.contents === null) continue
    const fail = (line: number, message: string): never => {
      throw new ManifestError(source, line, message)
    }
    checkPlainTags(document, lineOf, fail)
    transform?.(document, { source, text, lineOf, fail })
    const value = plainValue(document, lineOf, fail)
    if (value === null || value === undefined) continue
    const line = lineOf(document.contents.range?.[0])
    const object = checkObject(value, source, line)
    const entry = (item: KubeObject, itemLine: number, prefix: FieldPath): ManifestObject => ({
      object: item,
      source,
      line: itemLine,
      imageLines: imageLines(document, item, prefix, lineOf)
    })
    if (object.kind === 'List' || object.kind.endsWith('List')) {
      const itemNodes = isMap(document.contents) ? document.contents.get('items', true) : undefined
      const items = Array.isArray(object.items) ? (object.items as unknown[]) : []
      items.forEach((item, index) => {
        const node = isSeq(itemNodes) ? (itemNodes.items[index] as Node | undefined) : undefined
        const itemLine = lineOf(node?.range?.[0] ?? document.contents?.range?.[0])
        objects.push(entry(checkObject(item, source, itemLine), itemLine, ['items', index]))
      })
    } else objects.push(entry(object, line, []))
  }
  return objects
}

/** Where each container's `image` is written, so a bad image reference can be pointed at. */
function imageLines(
  document: Document,
  object: KubeObject,
  prefix: FieldPath,
  lineOf: (offset?: number) => number
): Record<string, number> {
  const lines: Record<string, number> = {}
  for (const { path: fieldPath } of imageFields(object)) {
    const node = document.getIn([...prefix, ...fieldPath], true) as Node | undefined
    if (node?.range) lines[fieldPathText(fieldPath)] = lineOf(node.range[0])
  }
  return lines
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
