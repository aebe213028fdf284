import * as core from '@actions/core'
import { errorMessage } from '../support/errors.js'
import { heading, inlineText, joinBlocks, paragraph } from './markdown.js'
import type { RolloutReport } from './rollout-report.js'
import { canarySection } from './canary-section.js'
import { changesSection } from './changes-section.js'
import {
  blueGreenSection,
  doneSection,
  errorSection,
  evidenceSection,
  objectsSection,
  overviewSection,
  problemsSection,
  rollbackSection,
  selectorSection,
  timelineSection,
  titleSection
} from './summary-sections.js'

/**
 * The job summary as Markdown: the verdict (or the error that stopped the step and what was done
 * before), what went wrong, each object's outcome, the selected pods, what changed (the diff
 * preview), a timeline, the evidence, and the rollback.
 */
export function renderSummary(report: RolloutReport): string {
  return joinBlocks([
    titleSection(report),
    overviewSection(report),
    ...errorSection(report),
    ...blueGreenSection(report),
    ...problemsSection(report),
    ...objectsSection(report.rows, report.namespace),
    ...canarySection(report),
    ...selectorSection(report.selector),
    ...changesSection(report.preview, report.namespace, report.dryRun ?? false),
    ...timelineSection(report),
    ...evidenceSection(report),
    ...rollbackSection(report),
    ...doneSection(report)
  ])
}

/**
 * Writes the job summary. Every outcome gets one: should rendering itself fail, a short summary with
 * the verdict says so; should the file not be writable (no job summary where the action runs), a
 * warning says so and the step's verdict stays the rollout's.
 */
export async function writeSummary(report: RolloutReport): Promise<void> {
  let markdown: string
  try {
    markdown = renderSummary(report)
  } catch (error) {
    markdown = fallbackSummary(report, error)
  }
  try {
    // The blank lines around it keep it apart from whatever else the step's summary holds.
    await core.summary.addRaw(`\n${markdown}\n\n`).write()
  } catch (error) {
    core.summary.emptyBuffer()
    core.warning(`The job summary could not be written: ${errorMessage(error)}`)
  }
}

function fallbackSummary(report: RolloutReport, error: unknown): string {
  const verdict = report.error === undefined ? report.status : `stopped: ${report.error}`
  return joinBlocks([
    heading(2, `kube-deploy: ${inlineText(report.command)} ${inlineText(verdict)}`),
    paragraph(`The full summary could not be written: ${inlineText(errorMessage(error))}`)
  ])
}
