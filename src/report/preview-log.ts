import * as core from '@actions/core'
import type { PlannedChange } from '../deploy/planned-change.js'
import { displayName } from '../kube-object.js'
import { plural } from '../support/plural.js'
import { oneLine, printUntrusted } from '../support/untrusted-text.js'
import { changeCounts, changedObjects, detailedChanges } from './changes-section.js'

/** The log's diffs stay within this much text (and the objects detailedChanges picks). */
const MAX_LOGGED_DIFF_CHARS = 100_000

/**
 * The preview in the log: a count, one line per changed object (for a large set only the configured
 * ones, as the summary does: what is created is listed as it is applied), then their diffs in a
 * collapsed group. A diff is cluster text, and a line of YAML may start with `::` after its blanks:
 * the runner would read it as a workflow command, so the diffs are printed with workflow commands
 * off (printUntrusted).
 */
export function logPreview(
  preview: PlannedChange[],
  dryRun: boolean,
  info: (line: string) => void = line => core.info(line)
): void {
  const changed = changedObjects(preview)
  const verb = dryRun ? 'would change' : 'to change'
  info(`preview: ${plural(changed.length, 'object')} ${verb} (${changeCounts(preview)})`)
  const detailed = detailedChanges(changed)
  for (const change of detailed) info(`  ${oneLine(displayName(change.ref))}: ${change.action}`)
  if (changed.length > detailed.length) {
    const noun = detailed.length > 0 ? 'more object' : 'object'
    info(`  (${plural(changed.length - detailed.length, noun)}: see the job summary)`)
  }
  const diffs: string[] = []
  let budget = MAX_LOGGED_DIFF_CHARS
  let left = 0
  for (const change of detailed) {
    if (!change.diff) continue
    if (change.diff.length > budget) {
      left++
      continue
    }
    budget -= change.diff.length
    diffs.push(`# ${displayName(change.ref)}: ${change.action}\n${change.diff}`)
  }
  if (diffs.length === 0) return
  core.startGroup(`diff of ${plural(diffs.length, 'object')}`)
  if (left > 0) diffs.push(`(${plural(left, 'more diff')} left out of the log: see the job summary)`)
  printUntrusted(diffs, info)
  core.endGroup()
}
