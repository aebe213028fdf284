import * as core from '@actions/core'
import type { PlannedChange } from '../deploy/planned-change.js'
import { displayName } from '../kube-object.js'
import { plural } from '../support/plural.js'
import { oneLine, printUntrusted } from '../support/untrusted-text.js'
import { changeCounts, changedObjects } from './changes-section.js'

/** The log shows the names of this many changed objects, and the diffs up to this much text. */
const MAX_LOGGED_OBJECTS = 50
const MAX_LOGGED_DIFF_CHARS = 200_000

/**
 * The preview in the log: a count, one line per changed object (up to MAX_LOGGED_OBJECTS), then the
 * diffs in a collapsed group. A diff is cluster text, and a line of YAML may start with `::` after
 * its blanks: the runner would read it as a workflow command, so the diffs are printed with workflow
 * commands off (printUntrusted).
 */
export function logPreview(
  preview: PlannedChange[],
  dryRun: boolean,
  info: (line: string) => void = line => core.info(line)
): void {
  const changed = changedObjects(preview)
  const verb = dryRun ? 'would change' : 'to change'
  info(`preview: ${plural(changed.length, 'object')} ${verb} (${changeCounts(preview)})`)
  const listed = changed.slice(0, MAX_LOGGED_OBJECTS)
  for (const change of listed) info(`  ${oneLine(displayName(change.ref))} ${change.action}`)
  if (changed.length > listed.length) info(`  … and ${changed.length - listed.length} more`)
  const diffs: string[] = []
  let budget = MAX_LOGGED_DIFF_CHARS
  let left = 0
  for (const change of changed) {
    if (!change.diff) continue
    if (change.diff.length > budget) {
      left++
      continue
    }
    budget -= change.diff.length
    diffs.push(`${displayName(change.ref)} ${change.action}:\n${change.diff}`)
  }
  if (diffs.length === 0) return
  if (left > 0) diffs.push(`… ${plural(left, 'more diff')} left out of the log (see the job summary)`)
  core.startGroup(`diff of ${plural(diffs.length - (left > 0 ? 1 : 0), 'object')}`)
  printUntrusted(diffs, info)
  core.endGroup()
}
