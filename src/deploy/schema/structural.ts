import {
  childPath,
  fieldSchema,
  indexPath,
  isObject,
  OBJECT_META_FIELDS,
  RESOURCE_FIELDS,
  type JsonObject,
  type SchemaProps
} from './schema-props.js'

/**
 * What the apiserver does to a custom resource as it decodes it, before it validates the values
 * (apiextensions-apiserver schema/pruning, schema/objectmeta and schema/defaulting), on the structural
 * skeleton of the schema only (properties, additionalProperties, items; never the junctors).
 */

/** How the object will be applied: kubectl's client-side apply creates it, server-side apply applies it. */
export interface ApplyMode {
  serverSide: boolean
}

/**
 * The fields the schema does not declare, as paths (`spec.extra`, `spec.ports[0].extra`). The server
 * prunes them; under fieldValidation=Strict (what kubectl sends) each is an `unknown field` error.
 * Below `x-kubernetes-preserve-unknown-fields` anything goes, except (on create) inside fields the
 * schema does declare there; a server-side apply finds nothing below such a node but the metadata of
 * embedded resources. The root, like an embedded resource, keeps apiVersion, kind and metadata, whose
 * fields are ObjectMeta's.
 */
export function unknownFields(object: JsonObject, schema: SchemaProps, mode: ApplyMode): string[] {
  const found: string[] = []
  walkUnknown(object, { ...schema, 'x-kubernetes-embedded-resource': true }, '', found, mode)
  return found.sort()
}

function walkUnknown(
  value: unknown,
  schema: SchemaProps | undefined,
  path: string,
  found: string[],
  mode: ApplyMode
): void {
  if (schema?.['x-kubernetes-preserve-unknown-fields'] || schema?.additionalProperties === true)
    return walkPreserved(value, schema, path, found, mode)
  if (Array.isArray(value)) {
    value.forEach((item, index) => walkUnknown(item, schema?.items, indexPath(path, index), found, mode))
    return
  }
  if (!isObject(value)) return
  for (const [key, field] of Object.entries(value)) {
    if (schema?.['x-kubernetes-embedded-resource'] && RESOURCE_FIELDS.has(key)) {
      if (key === 'metadata') found.push(...unknownMetadata(field, childPath(path, key)))
      continue
    }
    const declared = fieldSchema(schema, key)
    if (declared) walkUnknown(field, declared, childPath(path, key), found, mode)
    else found.push(childPath(path, key))
  }
}

function walkPreserved(
  value: unknown,
  schema: SchemaProps,
  path: string,
  found: string[],
  mode: ApplyMode
): void {
  if (Array.isArray(value)) {
    const items = schema.items
    if (items) value.forEach((item, index) => walkPreserved(item, items, indexPath(path, index), found, mode))
    return
  }
  if (!isObject(value)) return
  for (const [key, field] of Object.entries(value)) {
    if (schema['x-kubernetes-embedded-resource'] && RESOURCE_FIELDS.has(key)) {
      if (key === 'metadata') found.push(...unknownMetadata(field, childPath(path, key)))
      continue
    }
    const declared = fieldSchema(schema, key)
    if (!declared) continue
    if (mode.serverSide) walkPreserved(field, declared, childPath(path, key), found, mode)
    else walkUnknown(field, declared, childPath(path, key), found, mode)
  }
}

function unknownMetadata(metadata: unknown, path: string): string[] {
  if (!isObject(metadata)) return []
  return Object.keys(metadata)
    .filter(key => !OBJECT_META_FIELDS.has(key))
    .map(key => childPath(path, key))
}

/**
 * On create, drops nulls the schema does not allow and has no default for
 * (PruneNonNullableNullsWithoutDefaults; a server-side apply keeps them, and validation then refuses
 * them); then fills in defaults where a field is missing or a null it does not allow
 * (defaulting.Default). Changes `value` in place: give it a copy.
 */
export function applyDefaults(value: unknown, schema: SchemaProps | undefined, mode: ApplyMode): void {
  if (!mode.serverSide) pruneNulls(value, schema)
  fillDefaults(value, schema)
}

function pruneNulls(value: unknown, schema: SchemaProps | undefined): void {
  if (Array.isArray(value)) return value.forEach(item => pruneNulls(item, schema?.items))
  if (!isObject(value)) return
  for (const [key, field] of Object.entries(value)) {
    const declared = fieldSchema(schema, key)
    if (field === null && declared && !declared.nullable && declared.default === undefined) delete value[key]
    else pruneNulls(field, declared)
  }
}

const nonNullableNull = (value: unknown, schema: SchemaProps | undefined): boolean =>
  value === null && schema !== undefined && !schema.nullable

function fillDefaults(value: unknown, schema: SchemaProps | undefined): void {
  if (!schema) return
  if (Array.isArray(value)) {
    const items = schema.items
    value.forEach((item, index) => {
      if (nonNullableNull(item, items) && items?.default !== undefined)
        value[index] = structuredClone(items.default)
      fillDefaults(value[index], items)
    })
    return
  }
  if (!isObject(value)) return
  for (const [key, property] of Object.entries(schema.properties ?? {}))
    if (property.default !== undefined && (!(key in value) || nonNullableNull(value[key], property)))
      value[key] = structuredClone(property.default)
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined
  for (const key of Object.keys(value)) {
    const property = schema.properties?.[key]
    if (property) fillDefaults(value[key], property)
    else if (additional) {
      if (nonNullableNull(value[key], additional) && additional.default !== undefined)
        value[key] = structuredClone(additional.default)
      fillDefaults(value[key], additional)
    }
  }
}

/**
 * An embedded resource (`x-kubernetes-embedded-resource`) must say what it is: apiVersion and kind
 * (objectmeta.Validate).
 */
export function embeddedResourceProblems(
  value: unknown,
  schema: SchemaProps | undefined,
  path: string
): { path: string; message: string }[] {
  if (!schema) return []
  if (Array.isArray(value))
    return value.flatMap((item, index) =>
      embeddedResourceProblems(item, schema.items, indexPath(path, index))
    )
  if (!isObject(value)) return []
  const own = schema['x-kubernetes-embedded-resource']
    ? ['apiVersion', 'kind']
        .filter(key => !(key in value))
        .map(key => ({ path: childPath(path, key), message: 'Required value: must not be empty' }))
    : []
  const nested = Object.entries(value).flatMap(([key, field]) => {
    const declared = fieldSchema(schema, key)
    return declared ? embeddedResourceProblems(field, declared, childPath(path, key)) : []
  })
  return [...own, ...nested]
}
