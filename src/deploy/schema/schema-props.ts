/**
 * One node of a CustomResourceDefinition's `openAPIV3Schema`: the OpenAPI v3 dialect Kubernetes
 * accepts in a structural schema (apiextensions.k8s.io/v1 JSONSchemaProps). Note where it differs
 * from JSON Schema: `nullable`, boolean `exclusiveMinimum`/`exclusiveMaximum`, and the
 * `x-kubernetes-*` extensions.
 */
export interface SchemaProps {
  type?: string
  format?: string
  nullable?: boolean
  default?: unknown
  enum?: unknown[]
  properties?: Record<string, SchemaProps>
  additionalProperties?: SchemaProps | boolean
  items?: SchemaProps
  required?: string[]
  pattern?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: boolean
  exclusiveMaximum?: boolean
  multipleOf?: number
  minLength?: number
  maxLength?: number
  minItems?: number
  maxItems?: number
  minProperties?: number
  maxProperties?: number
  allOf?: SchemaProps[]
  anyOf?: SchemaProps[]
  oneOf?: SchemaProps[]
  not?: SchemaProps
  'x-kubernetes-preserve-unknown-fields'?: boolean
  'x-kubernetes-int-or-string'?: boolean
  'x-kubernetes-embedded-resource'?: boolean
  'x-kubernetes-list-type'?: string
  'x-kubernetes-list-map-keys'?: string[]
}

/** A value that breaks the schema, at a field path as the apiserver writes it (`spec.ports[0].name`). */
export interface SchemaProblem {
  path: string
  message: string
}

export type JsonObject = Record<string, unknown>

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function childPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`
}

/** The schema of a field of an object: its own property, else the schema of additional properties. */
export function fieldSchema(schema: SchemaProps | undefined, key: string): SchemaProps | undefined {
  const property = schema?.properties?.[key]
  if (property) return property
  const additional = schema?.additionalProperties
  return typeof additional === 'object' ? additional : undefined
}

/**
 * Fields every Kubernetes object carries besides its schema: TypeMeta and ObjectMeta are not part of a
 * CRD's schema at the root, nor of an embedded resource (`x-kubernetes-embedded-resource`).
 */
export const RESOURCE_FIELDS = new Set(['apiVersion', 'kind', 'metadata'])

/** ObjectMeta's fields: any other key under `metadata` is an unknown field to the server. */
export const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields'
])

/** JSON equality as the server compares values (object keys in any order). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

/** JSON with object keys sorted, as Go's encoding/json writes maps: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .map(key => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`
  return JSON.stringify(value) ?? 'null'
}
