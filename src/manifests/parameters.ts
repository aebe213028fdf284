/**
 * The `parameters` input: `key=value` lines, and the replacement of `${parameters.key}` in the string
 * values of parsed manifests. Substituting in parsed strings rather than in the raw text means a value
 * holding `: `, `#`, quotes or line breaks stays one string: it cannot add keys, items or documents.
 */
import { visit, type Document } from 'yaml'
import { Inputs } from '../constants.js'
import { InputError } from '../support/errors.js'
import type { DocumentSource, Fail } from './plain-yaml.js'

/** Parameter name → value; values are always strings. A Map, so that no name can reach a prototype. */
export type Parameters = ReadonlyMap<string, string>

const NAME = /^[A-Za-z0-9_.-]+$/

/**
 * `${parameters.name}`, or `$${parameters.name}`, its escape (the text `${parameters.name}`).
 * Anything between the braces is captured, so that a misspelt reference is an error, not left as is.
 */
const REFERENCE = /(\$?)\$\{parameters\.([^}]*)\}/g

/**
 * Reads `key=value` lines. Blank lines and `#` comments are skipped; spaces around the key and the value
 * are trimmed; the value is everything after the first `=` (it may hold `=` itself, or be empty).
 */
export function parseParameters(text: string): Parameters {
  const parameters = new Map<string, string>()
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const at = `line ${index + 1}`
    const equals = line.indexOf('=')
    if (equals < 0) throw new InputError(Inputs.Parameters, `${at}: is not key=value`)
    const name = line.slice(0, equals).trim()
    // Not quoted back: a line written wrong may hold a value (a secret) where the name should be.
    if (!NAME.test(name))
      throw new InputError(
        Inputs.Parameters,
        `${at}: the name before "=" is not a parameter name (letters, digits, _, . and -)`
      )
    if (parameters.has(name)) throw new InputError(Inputs.Parameters, `${at}: "${name}" is declared twice`)
    parameters.set(name, line.slice(equals + 1).trim())
  })
  return parameters
}

/** Where a parameter was used, for the log: never its value. */
export interface ParameterUse {
  name: string
  source: string
  line: number
}

/**
 * Replaces references in every string value of the documents it is given, and remembers which
 * parameters were used where, across all files of a run (for the warning about unused ones).
 */
export class ParameterSubstitution {
  private readonly uses: ParameterUse[] = []

  constructor(private readonly parameters: Parameters) {}

  /** In place, in the string values (not the keys) of one parsed document. */
  substituteDocument(document: Document, at: DocumentSource): void {
    visit(document, {
      Scalar: (key, node) => {
        if (typeof node.value !== 'string' || !node.value.includes('${parameters.')) return
        const lines = referenceLines(node.value, at, node.range?.[0], node.range?.[1])
        if (key === 'key') {
          const unescaped = [...node.value.matchAll(REFERENCE)].findIndex(match => match[1] === '')
          if (unescaped >= 0) at.fail(lines[unescaped], 'parameters are replaced in values only, not in keys')
          return
        }
        node.value = this.substitute(node.value, at.source, lines, at.fail)
      }
    })
  }

  /**
   * Replaces the references in one string, in one pass: a value holding `${parameters.other}` stays
   * as it is. `lines[i]` is where the i-th reference is written.
   */
  private substitute(value: string, source: string, lines: number[], fail: Fail): string {
    let index = 0
    return value.replace(REFERENCE, (whole: string, escape: string, name: string) => {
      const line = lines[index++] ?? lines[0]
      if (escape) return whole.slice(1)
      if (!NAME.test(name)) return fail(line, `"\${parameters.${name}}" is not a parameter reference`)
      const replacement = this.parameters.get(name)
      if (replacement === undefined)
        return fail(line, `parameter "${name}" is not declared in the \`${Inputs.Parameters}\` input`)
      this.uses.push({ name, source, line })
      return replacement
    })
  }

  /** Every use so far, in the order met. */
  used(): readonly ParameterUse[] {
    return this.uses
  }

  /** Declared parameters no manifest used: worth a warning, as a misspelt name is. */
  unused(): string[] {
    const used = new Set(this.uses.map(use => use.name))
    return [...this.parameters.keys()].filter(name => !used.has(name))
  }
}

/**
 * The line of each reference inside a scalar: found in the scalar's own source text when it holds as
 * many references as the value (true of plain, quoted and literal scalars), else the scalar's first line.
 */
function referenceLines(value: string, at: DocumentSource, start?: number, end?: number): number[] {
  const count = [...value.matchAll(REFERENCE)].length
  const first = at.lineOf(start)
  if (start === undefined || end === undefined) return Array<number>(count).fill(first)
  const written = [...at.text.slice(start, end).matchAll(REFERENCE)]
  if (written.length !== count) return Array<number>(count).fill(first)
  return written.map(match => at.lineOf(start + match.index))
}
