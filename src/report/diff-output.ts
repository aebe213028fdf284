import type { PlannedChange } from '../deploy/planned-change.js'

/**
 * How much diff text the `diff` output holds in all: a step's outputs are stored with the job and
 * read by expressions, so a large set gives the first diffs whole (each cut at its own limit, see
 * object-diff.ts) and only names the objects past this.
 */
export const MAX_OUTPUT_DIFF_CHARS = 256_000

/**
 * The `diff` output: one entry per object of the preview, `{kind, namespace, name, action, diff?}`,
 * `diffOmitted: true` where the diff did not fit. Never a Secret's values: the diffs hide them.
 * `[]` when there is no preview (`command: kubectl`, `status`, or a step that stopped before it).
 */
export function diffOutput(preview: PlannedChange[] | undefined): string {
  let budget = MAX_OUTPUT_DIFF_CHARS
  return JSON.stringify(
    (preview ?? []).map(change => {
      const entry = {
        kind: change.ref.kind,
        namespace: change.ref.namespace ?? '',
        name: change.ref.name,
        action: change.action
      }
      if (!change.diff) return entry
      if (change.diff.length > budget) return { ...entry, diffOmitted: true }
      budget -= change.diff.length
      return { ...entry, diff: change.diff }
    })
  )
}

/**
 * The `changed` output: `true` when the preview found anything to change, `false` when it found
 * nothing; empty when there is no preview to tell (`command: kubectl`, or a step that stopped first).
 */
export function changedOutput(preview: PlannedChange[] | undefined): string {
  if (!preview) return ''
  return String(preview.some(change => change.action !== 'unchanged'))
}
