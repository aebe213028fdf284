import { stringify } from 'yaml'
import { PROVENANCE_ANNOTATIONS } from '../../manifests/provenance.js'
import { PROMOTES_TO_ANNOTATION } from '../canary/canary-deployment.js'
import type { KubeObject } from '../../kube-object.js'
import { plural } from '../../support/plural.js'
import { stripControl } from '../../support/untrusted-text.js'
import { redactSecrets } from '../../tool-runners/secret-values.js'
import { unifiedDiff } from '../../support/unified-diff.js'
import type { PlannedAction } from '../planned-change.js'

/** Metadata the server writes on every object, which says nothing about what a manifest changes. */
const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'generation',
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink'
]
/**
 * Annotations that are bookkeeping, not configuration. The last-applied annotation is a stale copy of
 * an old manifest (for a Secret, its data in clear text): never shown. The provenance annotations
 * name the commit and run that applied the object, so they differ on every deploy of a new commit: a
 * preview that counted them would call every object configured, and a pull request's `changed`
 * would always be true. They are applied, but not part of what the preview compares.
 */
const BOOKKEEPING_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  ...PROVENANCE_ANNOTATIONS,
  // The manifest a canary's promotion applies, as JSON: the canary's own diff already shows it.
  PROMOTES_TO_ANNOTATION
]

/** One diff this long says what changes; more is cut, saying how much was left out. */
export const MAX_DIFF_LINES = 400
export const MAX_DIFF_CHARS = 32_000

/**
 * The object as the diff shows it: without status, the server's bookkeeping and timestamps, with a
 * Secret's data replaced (see hideSecretData), keys in a stable order. Leaves its argument alone.
 */
export function normaliseForDiff(object: KubeObject): Record<string, unknown> {
  const copy = structuredClone(object) as Record<string, unknown> & KubeObject
  delete copy.status
  const metadata = (copy.metadata ?? {}) as Record<string, unknown>
  for (const field of SERVER_METADATA) delete metadata[field]
  const annotations = metadata.annotations as Record<string, string> | undefined
  if (annotations) {
    for (const key of BOOKKEEPING_ANNOTATIONS) delete annotations[key]
    if (Object.keys(annotations).length === 0) delete metadata.annotations
  }
  return sortKeys(copy) as Record<string, unknown>
}

/**
 * The diff of one object, live → planned, and what the run does to it: `created` when there is no
 * live object, `unchanged` when the two are the same once normalised, `configured` otherwise. Cluster
 * text may hold anything: control characters are stripped, and a Secret's values never appear; nor
 * does any value the run registered as secret (a helm `set` value, a string of a Secret's patch): the
 * diff goes to the summary and the outputs, which the runner does not mask.
 */
export function objectDiff(
  live: KubeObject | undefined,
  planned: KubeObject
): { action: PlannedAction; diff?: string } {
  const [before, after] = hideSecretData(live, planned)
  const text = unifiedDiff(live ? toYaml(before) : '', toYaml(after))
  const diff = boundDiff(redactSecrets(stripControl(text)))
  if (!live) return { action: 'created', diff }
  return diff === '' ? { action: 'unchanged' } : { action: 'configured', diff }
}

/**
 * The diff of an object the run removes (`pruned`, `deleted`): every line of the live object
 * removed, normalised and its Secret data hidden as in objectDiff.
 */
export function removedObjectDiff(live: KubeObject): string {
  const [before] = hideSecretData(live, live)
  return boundDiff(redactSecrets(stripControl(unifiedDiff(toYaml(before), ''))))
}

/** The object as YAML, the way the diff reads it. */
export function toYaml(object: Record<string, unknown> | undefined): string {
  if (!object) return ''
  // No line folding: a long value stays one line, so a change in it is one changed line.
  return stringify(object, { lineWidth: 0, aliasDuplicateObjects: false })
}

/**
 * Both sides normalised, a Secret's `data` and `stringData` taken out of them (not even hashed: a
 * short value's hash gives it away) and replaced by what can be said without them: how many keys
 * the live Secret holds, and on the planned side how many keys are added, removed or changed.
 */
export function hideSecretData(
  live: KubeObject | undefined,
  planned: KubeObject
): [Record<string, unknown> | undefined, Record<string, unknown>] {
  const before = live && normaliseForDiff(live)
  const after = normaliseForDiff(planned)
  if (!isSecret(planned)) return [before, after]
  const old = live ? secretValues(live) : new Map<string, string>()
  const next = secretValues(planned)
  const keys = new Set([...old.keys(), ...next.keys()])
  const changed = [...keys].filter(key => old.get(key) !== next.get(key)).length
  for (const side of [before, after]) {
    if (!side) continue
    delete side.data
    delete side.stringData
  }
  if (before && old.size > 0) before.data = `<hidden: ${plural(old.size, 'key')}>`
  if (changed > 0) after.data = `<hidden: ${plural(changed, 'key')} changed>`
  else if (next.size > 0) after.data = `<hidden: ${plural(next.size, 'key')}>`
  const sorted = (side: Record<string, unknown>): Record<string, unknown> =>
    sortKeys(side) as Record<string, unknown>
  return [before && sorted(before), sorted(after)]
}

function isSecret(object: KubeObject): boolean {
  return object.kind === 'Secret' && object.apiVersion === 'v1'
}

/** A Secret's values by key, `stringData` written into `data` as the server does (base64). */
function secretValues(secret: KubeObject): Map<string, string> {
  const values = new Map<string, string>()
  for (const [key, value] of Object.entries(asRecord(secret.data))) values.set(key, String(value))
  for (const [key, value] of Object.entries(asRecord(secret.stringData)))
    values.set(key, Buffer.from(String(value), 'utf8').toString('base64'))
  return values
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

/**
 * Mappings with their keys in order, the usual head of an object first (apiVersion, kind, metadata,
 * then the rest alphabetically): the server may answer fields in another order than the manifest,
 * which must not show as a change. Lists keep their order, which means something.
 */
function sortKeys(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map(item => sortKeys(item, false))
  if (typeof value !== 'object' || value === null) return value
  const head = top ? ['apiVersion', 'kind', 'metadata'] : []
  const record = value as Record<string, unknown>
  const keys = Object.keys(record).sort((a, b) => {
    const rank = (key: string): number => (head.includes(key) ? head.indexOf(key) : head.length)
    return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)
  })
  return Object.fromEntries(keys.map(key => [key, sortKeys(record[key], false)]))
}

/** A diff cut to MAX_DIFF_LINES lines and MAX_DIFF_CHARS characters, saying what was left out. */
export function boundDiff(diff: string, maxLines = MAX_DIFF_LINES, maxChars = MAX_DIFF_CHARS): string {
  const lines = diff === '' ? [] : diff.split('\n')
  const kept: string[] = []
  let size = 0
  for (const line of lines) {
    if (kept.length >= maxLines || size + line.length + 1 > maxChars) break
    kept.push(line)
    size += line.length + 1
  }
  if (kept.length === lines.length) return diff
  return [...kept, `… ${lines.length - kept.length} more lines of this diff not shown`].join('\n')
}
