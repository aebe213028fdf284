/**
 * Plain YAML, as manifests and the `patch` input take it: what JSON can hold, nothing the parser would
 * drop or turn into something else, and no expansion attack.
 */
import { LineCounter, parseDocument, visit, type Document } from 'yaml'

/** Reports a problem at a line; never returns. */
export type Fail = (line: number, message: string) => never

/** What a document transform gets besides the document: where it came from and how to point at a line. */
export interface DocumentSource {
  source: string
  /** The text the document was parsed from (all documents of the file), for the line of a reference. */
  text: string
  lineOf: (offset?: number) => number
  fail: Fail
}

/** Changes a parsed document before it becomes data (parameters are replaced this way). */
export type DocumentTransform = (document: Document, at: DocumentSource) => void

/**
 * More aliases than this in one document is an expansion attack ("billion laughs"), not a manifest:
 * the parser stops instead of building an exponentially large object.
 */
export const MAX_ALIAS_COUNT = 100

/** Explicit tags that mean what JSON can hold; any other tag would be dropped or turned into something else. */
const JSON_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map(name => `tag:yaml.org,2002:${name}`).concat('!')
)

/** Refuses tags the parser would drop (`!foo`) or turn into what JSON cannot hold (`!!binary`). */
export function checkPlainTags(document: Document, lineOf: (offset?: number) => number, fail: Fail): void {
  visit(document, {
    Node(_key, node) {
      if (node.tag === undefined || JSON_TAGS.has(node.tag)) return
      const tag = node.tag.replace(/^tag:yaml\.org,2002:/, '!!')
      fail(
        lineOf(node.range?.[0]),
        `unsupported YAML tag ${tag} (plain YAML only: strings, numbers, booleans, null, maps, lists)`
      )
    }
  })
}

/** The document as plain data; an alias bomb is refused with the line of its first alias. */
export function plainValue(document: Document, lineOf: (offset?: number) => number, fail: Fail): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch (error) {
    let firstAlias: number | undefined
    visit(document, {
      Alias(_key, node) {
        firstAlias = node.range?.[0]
        return visit.BREAK
      }
    })
    const reason = error instanceof Error ? firstLine(error.message) : String(error)
    return fail(
      lineOf(firstAlias ?? document.contents?.range?.[0]),
      `cannot be read: ${reason} (more than ${MAX_ALIAS_COUNT} aliases expanded)`
    )
  }
}

/** One plain YAML (or JSON) document as data; every problem reported with its line through `fail`. */
export function parsePlainYaml(text: string, fail: Fail, transform?: DocumentTransform): unknown {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, uniqueKeys: true })
  const lineOf = (offset?: number): number => lineCounter.linePos(offset ?? 0).line
  const problem = document.errors[0]
  if (problem) fail(lineOf(problem.pos[0]), `invalid YAML: ${firstLine(problem.message)}`)
  checkPlainTags(document, lineOf, fail)
  transform?.(document, { source: '', text, lineOf, fail })
  return plainValue(document, lineOf, fail)
}

export function firstLine(message: string): string {
  return message.split('\n')[0]
}
