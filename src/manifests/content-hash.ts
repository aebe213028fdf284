import { createHash } from 'node:crypto'
import type { KubeObject } from '../kube-object.js'
import { isRecord } from './field-path.js'

/** The name kustomize's hasher writes (see contentHash). */
const KUSTOMIZE_NAME = ''

/**
 * The suffix kustomize's configMapGenerator and secretGenerator give a name (`web-config-2g27552bdm`):
 * ten characters of the sha256 of the object's content, computed exactly as kustomize's hasher
 * does, so that a versioned object is named the way people already know from kustomize, and the same
 * content always gets the same name (a second deploy of unchanged config changes nothing).
 *
 * Hashed: the kind, `data` and `binaryData` (ConfigMap) or `type`, `data` and `stringData` (Secret),
 * as Go's encoding/json writes them (keys sorted, HTML characters escaped). A field that is absent
 * counts as "" (kustomize's rule), so `data: {}` and no `data` differ, as they do there. kustomize
 * also writes a `name` field, but looks the name up under a path that never matches (`metadata/name`
 * as one key), so it is always "": the same here, or the suffixes would not match kustomize's.
 */
export function contentHash(object: KubeObject): string {
  const fields: Record<string, unknown> =
    object.kind === 'Secret'
      ? {
          kind: 'Secret',
          type: orEmpty(object.type),
          name: KUSTOMIZE_NAME,
          data: orEmpty(object.data)
        }
      : { kind: 'ConfigMap', name: KUSTOMIZE_NAME, data: orEmpty(object.data) }
  const optional = object.kind === 'Secret' ? 'stringData' : 'binaryData'
  if (isRecord(object[optional])) fields[optional] = object[optional]
  return encodeSuffix(createHash('sha256').update(goJson(fields)).digest('hex'))
}

/**
 * kubectl's (and kustomize's) encoding of a hex digest into a name suffix: its first ten characters,
 * with the digits and letters that could spell words or read as numbers replaced.
 */
export function encodeSuffix(hex: string): string {
  const replacements: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' }
  return [...hex.slice(0, 10)].map(char => replacements[char] ?? char).join('')
}

/**
 * JSON as Go's json.Marshal writes it: map keys sorted by their bytes, and `<`, `>`, `&`, U+2028 and
 * U+2029 escaped; everything else JSON.stringify writes the same way (Go 1.22 and later).
 */
export function goJson(value: unknown): string {
  return serialize(value).replace(
    /[<>&\u2028\u2029]/g,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

/** Written by hand: a JavaScript object puts integer-like keys (`"10"`, `"2"`) first, whatever the sort. */
function serialize(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`
  if (!isRecord(value)) return JSON.stringify(value) ?? 'null'
  const keys = Object.keys(value).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  return `{${keys.map(key => `${JSON.stringify(key)}:${serialize(value[key])}`).join(',')}}`
}

function orEmpty(value: unknown): unknown {
  return value === undefined || value === null ? '' : value
}
