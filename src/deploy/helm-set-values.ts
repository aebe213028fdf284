/**
 * The `set` input, read the way `helm --set` reads its argument (a port of helm's pkg/strvals parser,
 * `ParseInto`, one call per line), so that it can be handed to helm as a values file instead of on
 * its command line: `a.b.c=v`, several assignments on a line separated by commas, `\,` `\.` (any
 * character after `\` is taken as is), list indexes `a[0].b=v`, lists `{x,y}`, and the same typing
 * (`true`/`false`/`null` in any case, integers without a leading zero; everything else, floats
 * included, stays a string).
 *
 * Where it differs from `helm --set`:
 * - helm reads a values file's numbers as floating point (`1234567` reaches a template as `1.234567e+06`
 *   unless it pipes it through `int`), and the file is how these values reach helm: integers of a
 *   million or more are typed as helm types them in any values file, not as `--set` types them.
 * - helm parses `--set` into the values already merged from the `-f` files, so `a[1]=x` changes the
 *   second item of a list a values file defined. Here the lines build a values file of their own,
 *   given to helm after the others: a list in it replaces the files' list whole (`[null, x]`), as a
 *   list in any later values file does. Maps merge key by key in both.
 * A key helm cannot place (`a.b=1` after `a=1`), which helm reports as a recovered panic, is an error
 * here too, before anything runs.
 */

import { Inputs } from '../constants.js'
import { InputError } from '../support/errors.js'

export type SetValue = string | number | bigint | boolean | null | SetValue[] | SetValues
export interface SetValues {
  [key: string]: SetValue
}

/** What the `set` lines hold: the values, and the text of every value given (for masking). */
export interface ParsedSet {
  values: SetValues
  texts: string[]
}

const MAX_INDEX = 65536
const MAX_NESTED_NAME_LEVEL = 30
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/**
 * Reads the lines of the `set` input (as written: blank lines and `#` comments are skipped but counted)
 * into one values object. A line helm would refuse is an InputError naming its number and its first
 * key, never its text: the rest of the line may be a value.
 */
export function parseSetLines(lines: string[]): ParsedSet {
  const values: SetValues = {}
  const texts: string[] = []
  lines.forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    try {
      // `--post-renderer=...` is a helm flag, not a value: `set` never passes flags to helm.
      if (line.startsWith('-'))
        throw new LineError('starts with "-": `set` takes key=value lines, not helm flags')
      new LineParser(line, values, texts).parse()
    } catch (error) {
      if (!(error instanceof LineError)) throw error
      const key = firstKey(line)
      throw new InputError(
        Inputs.Set,
        `line ${index + 1}${key === undefined ? '' : ` (key "${key}")`}: ${error.message}`
      )
    }
  })
  return { values, texts }
}

/**
 * The text before the line's first unescaped `=`: surely a key. Anything after it may be a value, even
 * what looks like a key (`a=x,y` is the key `y` without a value, or a value with an unescaped comma).
 */
function firstKey(line: string): string | undefined {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++
    else if (line[i] === '=') return line.slice(0, i)
  }
  return undefined
}

/** A syntax error inside one line; its message quotes nothing of the line. */
class LineError extends Error {}

type Step = 'more' | 'end'
const NOT_A_LIST = Symbol('not a list')

class LineParser {
  private position = 0

  constructor(
    private readonly text: string,
    private readonly data: SetValues,
    private readonly texts: string[]
  ) {}

  parse(): void {
    while (this.key(this.data, 0) === 'more');
  }

  private read(): string | undefined {
    return this.position < this.text.length ? this.text[this.position++] : undefined
  }

  private unread(): void {
    this.position--
  }

  /** Characters up to one of `stop` (consumed, returned as `last`), `\` taking the next one as is. */
  private until(stop: string): { runes: string; last?: string } {
    let runes = ''
    for (;;) {
      const char = this.read()
      if (char === undefined || stop.includes(char)) return { runes, last: char }
      if (char === '\\') {
        const next = this.read()
        if (next === undefined) return { runes }
        runes += next
      } else runes += char
    }
  }

  private key(data: SetValues, level: number): Step {
    const { runes: key, last } = this.until('=[,.')
    switch (last) {
      case undefined:
        if (key === '') return 'end'
        throw new LineError('a key without a value (each assignment is key=value; escape a comma as \\,)')
      case '[': {
        const index = this.index()
        const existing = data[key]
        if (existing !== undefined && !Array.isArray(existing))
          throw new LineError('a key is used both as a list and as something else')
        const { list, step } = this.listItem(existing ?? [], index, level)
        set(data, key, list)
        return step
      }
      case '=':
        return this.assign(value => set(data, key, value))
      case ',':
        set(data, key, '')
        throw new LineError('a key without a value (each assignment is key=value; escape a comma as \\,)')
      default: {
        if (level + 1 > MAX_NESTED_NAME_LEVEL)
          throw new LineError(`keys nested more than ${MAX_NESTED_NAME_LEVEL} levels deep`)
        const existing = data[key]
        if (existing !== undefined && !isMap(existing))
          throw new LineError('a key is used both as a map and as something else')
        const inner: SetValues = existing ?? {}
        const step = this.key(inner, level + 1)
        if (step === 'more' && Object.keys(inner).length === 0)
          throw new LineError('a map key without a value')
        if (Object.keys(inner).length > 0) set(data, key, inner)
        return step
      }
    }
  }

  /** After `=`: a `{x,y}` list or one value. */
  private assign(place: (value: SetValue) => void): Step {
    const list = this.valueList()
    if (list === undefined) {
      place('')
      return 'end'
    }
    if (list !== NOT_A_LIST) {
      place(list)
      return 'more'
    }
    place(this.typed(this.until(',').runes))
    return 'more'
  }

  /** `{x,y}` after `=`; undefined at the end of the line. */
  private valueList(): SetValue[] | typeof NOT_A_LIST | undefined {
    const first = this.read()
    if (first === undefined) return undefined
    if (first !== '{') {
      this.unread()
      return NOT_A_LIST
    }
    const list: SetValue[] = []
    for (;;) {
      const { runes, last } = this.until(',}')
      if (last === undefined) throw new LineError("a list must end with '}'")
      list.push(this.typed(runes))
      if (last === '}') {
        const next = this.read()
        if (next !== undefined && next !== ',') this.unread()
        return list
      }
    }
  }

  private index(): number {
    const { runes, last } = this.until(']')
    if (last === undefined) throw new LineError("a list index without ']'")
    // Go's strconv.Atoi: an optional sign and decimal digits.
    if (!/^[+-]?\d+$/.test(runes)) throw new LineError('a list index that is not a number')
    return Number(runes)
  }

  private listItem(list: SetValue[], index: number, level: number): { list: SetValue[]; step: Step } {
    if (index < 0) throw new LineError('a negative list index')
    const { runes, last } = this.until('[.=')
    if (runes.length > 0) throw new LineError("unexpected text after a list index's ']'")
    switch (last) {
      case undefined:
        return { list, step: 'end' }
      case '=': {
        let value: SetValue = ''
        this.assign(given => (value = given))
        return { list: setIndex(list, index, value), step: 'more' }
      }
      case '[': {
        const next = this.index()
        const existing = list[index]
        if (existing !== undefined && existing !== null && !Array.isArray(existing))
          throw new LineError('a list item is used both as a list and as something else')
        const inner = this.listItem(existing ?? [], next, level)
        if (inner.step === 'end') return { list, step: 'end' }
        return { list: setIndex(list, index, inner.list), step: 'more' }
      }
      default: {
        // helm replaces an item that is not a map (indexes given out of order) by an empty map.
        const existing = list[index]
        const inner: SetValues = existing !== undefined && isMap(existing) ? existing : {}
        const step = this.key(inner, level)
        if (step === 'end') return { list, step }
        return { list: setIndex(list, index, inner), step }
      }
    }
  }

  /** helm's typedVal: booleans, null and integers are typed, everything else is a string. */
  private typed(text: string): SetValue {
    this.texts.push(text)
    const lower = text.toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
    if (lower === 'null') return null
    if (text === '0') return 0
    if (text === '' || text.startsWith('0') || !/^[+-]?\d+$/.test(text)) return text
    const integer = BigInt(text)
    if (integer < INT64_MIN || integer > INT64_MAX) return text
    return Number.isSafeInteger(Number(integer)) ? Number(integer) : integer
  }
}

function set(data: SetValues, key: string, value: SetValue): void {
  if (key !== '') data[key] = value
}

function setIndex(list: SetValue[], index: number, value: SetValue): SetValue[] {
  if (index > MAX_INDEX) throw new LineError(`a list index above ${MAX_INDEX}`)
  const result = [...list]
  while (result.length <= index) result.push(null)
  result[index] = value
  return result
}

function isMap(value: SetValue): value is SetValues {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The values as a values file. JSON, which helm reads as YAML: every string quoted, so none is read
 * back as another type (YAML 1.1, which helm speaks, takes `yes`, `on` or `1e3` for other things).
 * Integers beyond JavaScript's safe range are written digit for digit.
 */
export function valuesFileContent(values: SetValue): string {
  if (typeof values === 'bigint') return values.toString()
  if (Array.isArray(values)) return `[${values.map(valuesFileContent).join(',')}]`
  if (isMap(values))
    return `{${Object.entries(values)
      .map(([key, value]) => `${JSON.stringify(key)}:${valuesFileContent(value)}`)
      .join(',')}}`
  return JSON.stringify(values)
}
