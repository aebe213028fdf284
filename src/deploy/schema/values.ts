import { matchesFormat } from './formats.js'
import {
  canonicalJson,
  childPath,
  indexPath,
  isObject,
  jsonEqual,
  type JsonObject,
  type SchemaProblem,
  type SchemaProps
} from './schema-props.js'

/**
 * Checks a value (already defaulted, see structural.ts) against the value constraints of a schema,
 * as the apiserver's OpenAPI validator does (k8s.io/kube-openapi validate): type, nullable, enum,
 * bounds, lengths, pattern, formats, required, the junctors, and the uniqueness that
 * `x-kubernetes-list-type` set/map promises. Unknown fields are structural.ts's concern.
 * CEL rules (`x-kubernetes-validations`) are not evaluated: the server still checks them on apply.
 */
export function checkValues(value: unknown, schema: SchemaProps, path: string): SchemaProblem[] {
  const problems: SchemaProblem[] = []
  validate(value, schema, path, problems)
  return problems
}

function validate(value: unknown, schema: SchemaProps, path: string, problems: SchemaProblem[]): void {
  const add = (message: string): number => problems.push({ path, message })
  const types = allowedTypes(schema)
  if (value === null) {
    if (types.length > 0 && !schema.nullable) add(`must be of type ${types.join(' or ')}, got null`)
    // The server's enum check never matches null (reflect on a nil value), even where null is listed.
    if (schema.enum && schema.enum.length > 0) add(`Unsupported value: null: ${supported(schema.enum)}`)
    return
  }
  const actual = typeOf(value)
  if (types.length > 0 && !types.some(type => hasType(value, actual, type))) {
    add(`must be of type ${types.join(' or ')}, got ${actual}`)
    return
  }
  if (schema.enum && schema.enum.length > 0 && !schema.enum.some(allowed => jsonEqual(allowed, value)))
    add(`Unsupported value: ${JSON.stringify(value)}: ${supported(schema.enum)}`)
  if (typeof value === 'string') checkString(value, schema, add)
  if (typeof value === 'number') checkNumber(value, schema, add)
  if (Array.isArray(value)) checkArray(value, schema, path, problems)
  if (isObject(value)) checkObject(value, schema, path, problems)
  checkJunctors(value, schema, path, problems)
}

/** The types a node allows: its `type`, or integer and string for `x-kubernetes-int-or-string`. */
function allowedTypes(schema: SchemaProps): string[] {
  if (schema['x-kubernetes-int-or-string']) return ['integer', 'string']
  return schema.type ? [schema.type] : []
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function hasType(value: unknown, actual: string, type: string): boolean {
  if (type === 'number') return typeof value === 'number'
  return actual === type
}

function supported(values: unknown[]): string {
  return `supported values: ${values.map(value => JSON.stringify(value)).join(', ')}`
}

function checkString(value: string, schema: SchemaProps, add: (message: string) => void): void {
  // Lengths count characters (Go counts runes), not UTF-16 units.
  const length = [...value].length
  if (schema.maxLength !== undefined && length > schema.maxLength)
    add(`Too long: may not be more than ${schema.maxLength} bytes`)
  if (schema.minLength !== undefined && length < schema.minLength)
    add(`Invalid value: ${JSON.stringify(value)}: should be at least ${schema.minLength} chars long`)
  const pattern = schema.pattern === undefined ? undefined : compile(schema.pattern)
  if (pattern && !pattern.test(value))
    add(`Invalid value: ${JSON.stringify(value)}: should match '${schema.pattern}'`)
  if (schema.format && !matchesFormat(value, schema.format))
    add(`Invalid value: ${JSON.stringify(value)}: must be of format ${schema.format}`)
}

/**
 * The server matches patterns with Go's RE2, unanchored. A pattern JavaScript cannot read (RE2-only
 * syntax such as `(?i)`) is left to the server rather than guessed.
 */
function compile(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u')
  } catch {
    return undefined
  }
}

function checkNumber(value: number, schema: SchemaProps, add: (message: string) => void): void {
  const { minimum, maximum, multipleOf } = schema
  if (maximum !== undefined && (schema.exclusiveMaximum ? value >= maximum : value > maximum))
    add(
      `Invalid value: ${value}: should be less than ${schema.exclusiveMaximum ? '' : 'or equal to '}${maximum}`
    )
  if (minimum !== undefined && (schema.exclusiveMinimum ? value <= minimum : value < minimum))
    add(
      `Invalid value: ${value}: should be greater than ${schema.exclusiveMinimum ? '' : 'or equal to '}${minimum}`
    )
  if (multipleOf !== undefined && multipleOf > 0 && !Number.isInteger(value / multipleOf))
    add(`Invalid value: ${value}: should be a multiple of ${multipleOf}`)
}

function checkArray(value: unknown[], schema: SchemaProps, path: string, problems: SchemaProblem[]): void {
  if (schema.maxItems !== undefined && value.length > schema.maxItems)
    problems.push({ path, message: `Too many: ${value.length}: must have at most ${schema.maxItems} items` })
  if (schema.minItems !== undefined && value.length < schema.minItems)
    problems.push({ path, message: `Invalid value: should have at least ${schema.minItems} items` })
  const items = schema.items
  if (items) value.forEach((item, index) => validate(item, items, indexPath(path, index), problems))
  problems.push(...listDuplicates(value, schema, path))
}

function checkObject(value: JsonObject, schema: SchemaProps, path: string, problems: SchemaProblem[]): void {
  const count = Object.keys(value).length
  if (schema.maxProperties !== undefined && count > schema.maxProperties)
    problems.push({ path, message: `Too many: ${count}: must have at most ${schema.maxProperties} items` })
  if (schema.minProperties !== undefined && count < schema.minProperties)
    problems.push({ path, message: `Invalid value: should have at least ${schema.minProperties} properties` })
  const properties = schema.properties ?? {}
  for (const [key, field] of Object.entries(value)) {
    const property = properties[key]
    const additional = schema.additionalProperties
    if (property) validate(field, property, childPath(path, key), problems)
    else if (typeof additional === 'object') validate(field, additional, childPath(path, key), problems)
    else if (additional === false)
      problems.push({
        path: childPath(path, key),
        message: 'Forbidden: additional properties are not allowed'
      })
  }
  for (const key of schema.required ?? [])
    if (!(key in value)) problems.push({ path: childPath(path, key), message: 'Required value' })
}

function checkJunctors(value: unknown, schema: SchemaProps, path: string, problems: SchemaProblem[]): void {
  const passes = (branch: SchemaProps): boolean => checkValues(value, branch, path).length === 0
  for (const branch of schema.allOf ?? []) validate(value, branch, path, problems)
  if (schema.anyOf && !schema.anyOf.some(passes))
    problems.push({ path, message: 'Invalid value: must validate at least one schema (anyOf)' })
  if (schema.oneOf && schema.oneOf.filter(passes).length !== 1)
    problems.push({ path, message: 'Invalid value: must validate one and only one schema (oneOf)' })
  if (schema.not && passes(schema.not))
    problems.push({ path, message: 'Invalid value: must not validate the schema (not)' })
}

/**
 * `x-kubernetes-list-type: set` items, and `map` items by their `x-kubernetes-list-map-keys`, must be
 * unique (listtype.ValidateListSetsAndMaps).
 */
function listDuplicates(value: unknown[], schema: SchemaProps, path: string): SchemaProblem[] {
  const listType = schema['x-kubernetes-list-type']
  if (listType !== 'set' && listType !== 'map') return []
  if (listType === 'map') {
    const index = value.findIndex(item => item !== null && !isObject(item))
    if (index >= 0)
      return [{ path: indexPath(path, index), message: 'must be an object for an array of list-type map' }]
  }
  const keys = schema['x-kubernetes-list-map-keys'] ?? []
  const identity = (item: unknown): string =>
    listType === 'set'
      ? canonicalJson(item)
      : canonicalJson(keys.map(key => (isObject(item) && key in item ? item[key] : { unspecified: key })))
  const seen = new Set<string>()
  const problems: SchemaProblem[] = []
  value.forEach((item, index) => {
    const id = identity(item)
    if (seen.has(id)) problems.push({ path: indexPath(path, index), message: `Duplicate value: ${id}` })
    seen.add(id)
  })
  return problems
}
