import type { PlannedAction, PlannedChange } from '../deploy/planned-change.js'
import { displayName } from '../kube-object.js'
import { groupBy } from '../support/group-by.js'
import { plural } from '../support/plural.js'
import { code, codeBlock, details, heading, inlineText, list, paragraph, singleLine } from './markdown.js'

/**
 * The "Changes" section stays well under GitHub's 1 MiB limit of a step's summary, whatever the set:
 * at most this many objects get a diff of their own (the rest are named), and at most this much diff
 * text in all (each diff is already cut at its own limit, see object-diff.ts).
 */
export const MAX_DIFF_SECTIONS = 50
export const MAX_SUMMARY_DIFF_CHARS = 300_000
/** Objects past the diffs are named in one list, up to this many. */
const MAX_NAMED = 200

const ORDER: PlannedAction[] = ['created', 'configured', 'pruned', 'deleted', 'unchanged']
const ICON: Record<PlannedAction, string> = {
  created: '🟢',
  configured: '🟡',
  pruned: '🔴',
  deleted: '🔴',
  unchanged: '⚪'
}

/** `2 configured, 1 created, 5 unchanged`, in a fixed order; `no object` when the preview is empty. */
export function changeCounts(preview: PlannedChange[]): string {
  const groups = groupBy(preview, change => change.action)
  const counts = ORDER.filter(action => groups.has(action)).map(
    action => `${groups.get(action)?.length ?? 0} ${action}`
  )
  return counts.length > 0 ? counts.join(', ') : 'no object'
}

export function changedObjects(preview: PlannedChange[]): PlannedChange[] {
  return preview.filter(change => change.action !== 'unchanged')
}

/**
 * What the run changes (or, in a dry run, would change), computed before anything changed: a count
 * line, then one collapsed section per changed object with its unified diff. Unchanged objects are
 * only counted. The diff is cluster text: it goes in a fenced code block (see markdown.ts), its
 * object's name in escaped HTML.
 */
export function changesSection(
  preview: PlannedChange[] | undefined,
  namespace: string,
  dryRun: boolean
): string[] {
  if (!preview) return []
  const changed = changedObjects(preview)
  const verb = dryRun ? 'would change' : 'to change'
  const blocks = [
    heading(3, 'Changes'),
    paragraph(
      `${changed.length === 0 ? `Nothing ${verb}` : `${plural(changed.length, 'object')} ${verb}`}` +
        ` (${inlineText(changeCounts(preview))}), compared with the cluster before anything changed.`
    )
  ]
  let budget = MAX_SUMMARY_DIFF_CHARS
  let sections = 0
  const noDiff: PlannedChange[] = []
  const cut: PlannedChange[] = []
  for (const change of changed) {
    const diff = change.diff ?? ''
    if (diff === '') noDiff.push(change)
    else if (sections >= MAX_DIFF_SECTIONS || diff.length > budget) cut.push(change)
    else {
      budget -= diff.length
      sections++
      blocks.push(details(changeTitle(change, namespace), [codeBlock(diff, 'diff')]))
    }
  }
  if (noDiff.length > 0) blocks.push(namedList(noDiff, namespace))
  if (cut.length > 0)
    blocks.push(
      paragraph(
        `${plural(cut.length, 'more object')} ${verb}, their diffs left out to keep this page short` +
          ` (each one is in the ${code('diff')} output):`
      ),
      namedList(cut, namespace)
    )
  return blocks
}

function namedList(changes: PlannedChange[], namespace: string): string {
  const named = changes.slice(0, MAX_NAMED).map(change => changeTitle(change, namespace))
  if (changes.length > named.length) named.push(`… and ${changes.length - named.length} more`)
  return list(named)
}

/** `🟡 deployment/web configured (k8s/web.yaml:3)`, with the namespace when it is not the run's. */
function changeTitle(change: PlannedChange, namespace: string): string {
  const where =
    change.ref.namespace === undefined || change.ref.namespace === namespace
      ? ''
      : ` in ${code(change.ref.namespace)}`
  const source = change.source ? ` (${singleLine(change.source)})` : ''
  return `${ICON[change.action]} ${code(displayName(change.ref))}${where} ${change.action}${source}`
}
