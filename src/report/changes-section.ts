import type { PlannedAction, PlannedChange } from '../deploy/planned-change.js'
import { displayName } from '../kube-object.js'
import { groupBy } from '../support/group-by.js'
import { plural } from '../support/plural.js'
import {
  code,
  codeBlock,
  details,
  heading,
  inlineText,
  list,
  paragraph,
  singleLine,
  table
} from './markdown.js'

/**
 * The "Changes" section stays well under GitHub's 1 MiB limit of a step's summary, whatever the set:
 * at most this many objects get a diff of their own (the rest are named), and at most this much diff
 * text in all (each diff is already cut at its own limit, see object-diff.ts).
 */
export const MAX_DIFF_SECTIONS = 50
export const MAX_SUMMARY_DIFF_CHARS = 300_000

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
 * The changed objects that get a diff of their own: all of them in a set of up to MAX_DIFF_SECTIONS;
 * in a larger one the configured ones only, the first MAX_DIFF_SECTIONS (a created object's diff is
 * its manifest, a pruned one's the live object: three hundred of them hide the few that matter).
 */
export function detailedChanges(changed: PlannedChange[]): PlannedChange[] {
  if (changed.length <= MAX_DIFF_SECTIONS) return changed
  return changed.filter(change => change.action === 'configured').slice(0, MAX_DIFF_SECTIONS)
}

/**
 * What the run changes (or, in a dry run, would change), computed before anything changed: a count
 * line, then one collapsed section per changed object with its unified diff, within a budget of
 * diff text (see detailedChanges); the other changed objects are named, or for a large set counted
 * by kind and action. Unchanged objects are only counted. The diff is cluster text: it goes in a
 * fenced code block (see markdown.ts), its object's name in escaped HTML.
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
  const shown = new Set<PlannedChange>()
  for (const change of detailedChanges(changed)) {
    const diff = change.diff ?? ''
    if (diff === '' || diff.length > budget) continue
    budget -= diff.length
    shown.add(change)
    blocks.push(details(changeTitle(change, namespace), [codeBlock(diff, 'diff')]))
  }
  const rest = changed.filter(change => !shown.has(change))
  if (rest.length === 0) return blocks
  const others = shown.size > 0 ? `${plural(rest.length, 'more object')}` : plural(rest.length, 'object')
  const intro = `${others} ${verb} (each one is in the ${code('diff')} output)`
  if (changed.length <= MAX_DIFF_SECTIONS) {
    blocks.push(paragraph(`${intro}:`), list(rest.map(change => changeTitle(change, namespace))))
    return blocks
  }
  const groups = groupBy(rest, change => `${change.ref.kind}\u0000${change.action}`)
  blocks.push(
    paragraph(`${intro}, by kind:`),
    table(
      ['Kind', 'Action', 'Objects'],
      [...groups.values()].map(group => [
        singleLine(group[0].ref.kind),
        `${ICON[group[0].action]} ${group[0].action}`,
        String(group.length)
      ])
    )
  )
  return blocks
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
