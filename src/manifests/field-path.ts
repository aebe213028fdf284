/** A path into a parsed manifest: keys of mappings and indexes of lists. */
export type FieldPath = (string | number)[]

/** The value at `path`, or undefined when a step of it is missing or of the wrong type. */
export function valueAt(value: unknown, path: FieldPath): unknown {
  let current = value
  for (const part of path) {
    if (typeof part === 'number' ? !Array.isArray(current) : !isRecord(current)) return undefined
    current = (current as Record<string | number, unknown>)[part]
  }
  return current
}

/** A mapping (not a list, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
