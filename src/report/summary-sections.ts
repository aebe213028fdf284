import { displayName } from '../kube-object.js'
import type { PodProblem, RolloutState, SelectorOutcome } from '../rollout/outcome.js'
import {
  code,
  codeBlock,
  details,
  detailsHtml,
  heading,
  inlineText,
  list,
  paragraph,
  singleLine,
  table
} from './markdown.js'
import type { ReportRow, RolloutReport } from './rollout-report.js'
import { ganttChart } from './timeline.js'

/** A pod table this long is enough to see the pattern; the rest is counted, not listed. */
const MAX_POD_ROWS = 20

const STATUS_TEXT: Record<RolloutReport['status'], string> = {
  succeeded: '✅ succeeded',
  failed: '❌ failed',
  'timed-out': '⏱️ timed out'
}
const ROLLBACK_TEXT: Record<NonNullable<RolloutReport['rollback']>['status'], string> = {
  ...STATUS_TEXT,
  'not-needed': '➖ not needed'
}
const ROW_TEXT: Record<ReportRow['status'], string> = {
  ready: '✅ ready',
  failed: '❌ failed',
  'in-progress': '⏳ not ready',
  'not-waited': '— not waited'
}
const STATE_TEXT: Record<RolloutState, string> = {
  Current: '✅ ready',
  Failed: '❌ failed',
  InProgress: '⏳ not ready'
}

/** The title line: the verdict, or that there was none because the step stopped. */
export function titleSection(report: RolloutReport): string {
  const verdict = report.error !== undefined ? '⛔ stopped before a verdict' : STATUS_TEXT[report.status]
  return heading(2, `kube-deploy: ${singleLine(report.command)} ${verdict}`)
}

export function overviewSection(report: RolloutReport): string {
  return table(
    ['Cluster', 'Namespace', 'Command', 'Duration'],
    [
      [
        singleLine(report.server) || '—',
        singleLine(report.namespace) || '—',
        singleLine(report.command),
        keepTogether(seconds(report.durationSeconds))
      ]
    ]
  )
}

/**
 * Why the step stopped, first thing after the title, then what it had done by then, so that a reader
 * knows what the cluster may or may not have received. A multi-line error is shown whole as well.
 */
export function errorSection(report: RolloutReport): string[] {
  if (report.error === undefined) return []
  const lines = report.error.split(/\r\n|\r|\n/).filter(line => line.trim() !== '')
  const blocks = [paragraph(`<strong>Error:</strong> ${inlineText(lines[0] ?? report.error)}`)]
  if (lines.length > 1) blocks.push(codeBlock(report.error))
  blocks.push(heading(3, 'What was done before'))
  blocks.push(
    report.done.length > 0
      ? list(report.done.map(inlineText), true)
      : paragraph('Nothing: the step stopped before its first action.')
  )
  return blocks
}

/** On a run that reached a verdict, what the step did stays one click away. */
export function doneSection(report: RolloutReport): string[] {
  if (report.error !== undefined || report.done.length === 0) return []
  return [detailsHtml('What the step did', list(report.done.map(inlineText), true))]
}

export function problemsSection(report: RolloutReport): string[] {
  if (report.problems.length === 0) return []
  const title = report.status === 'timed-out' ? 'What was not ready in time' : 'What went wrong'
  return [heading(3, title), list(report.problems.map(inlineText))]
}

/**
 * One row per object. The namespace column is there only when some object is elsewhere than the
 * step's namespace (or cluster-scoped): otherwise the overview says it once.
 */
export function objectsSection(rows: ReportRow[], namespace: string): string[] {
  if (rows.length === 0) return []
  const showNamespace = rows.some(row => row.ref.namespace !== namespace)
  const cells = rows.map(row => [
    code(displayName(row.ref)),
    ...(showNamespace ? [singleLine(row.ref.namespace ?? '(cluster)')] : []),
    singleLine(row.action),
    keepTogether(ROW_TEXT[row.status]),
    singleLine(row.replicas ?? '') || '—',
    Object.entries(row.images ?? {})
      .map(([container, image]) => `${singleLine(container)}: ${code(image)}`)
      .join('<br>') || '—',
    inlineText(row.message) || '—'
  ])
  const headers = [
    'Object',
    ...(showNamespace ? ['Namespace'] : []),
    'Action',
    'Status',
    'Ready',
    'Images',
    'Message'
  ]
  return [table(headers, cells)]
}

/** What the `selector` input matched, and its pods that are not ready with their reasons. */
export function selectorSection(selector: SelectorOutcome | undefined): string[] {
  if (!selector) return []
  const line =
    `Pods matching ${code(selector.expression)} in ${code(selector.namespace)}: ` +
    `${selector.matched} matched, ${STATE_TEXT[selector.state]}` +
    (selector.message.trim() ? ` — ${inlineText(selector.message)}` : '')
  return [paragraph(line), ...podTable(selector.pods)]
}

function podTable(pods: PodProblem[]): string[] {
  if (pods.length === 0) return []
  const shown = pods.slice(0, MAX_POD_ROWS)
  const cells = shown.map(pod => [
    code(pod.pod),
    pod.container ? code(pod.container) : '—',
    keepTogether(`${pod.terminal ? '❌' : '⏳'} ${singleLine(pod.reason)}`),
    String(pod.restarts),
    inlineText(pod.message) || '—'
  ])
  const blocks = [table(['Pod', 'Container', 'Reason', 'Restarts', 'Message'], cells)]
  if (pods.length > shown.length)
    blocks.push(paragraph(`… and ${pods.length - shown.length} more pods not ready.`))
  return blocks
}

export function timelineSection(report: RolloutReport): string[] {
  const chart = ganttChart(report)
  return chart ? [details('Timeline', [codeBlock(chart, 'mermaid')])] : []
}

/** Each evidence block collapsed, its text in a code block: shown exactly, blank lines and all. */
export function evidenceSection(report: RolloutReport): string[] {
  return report.evidence.map(block => details(singleLine(block.title), [codeBlock(block.text)]))
}

/** The rollback has a verdict and a duration of its own, apart from the rollout's. */
export function rollbackSection(report: RolloutReport): string[] {
  const rollback = report.rollback
  if (!rollback) return []
  const duration = rollback.durationSeconds === undefined ? '—' : seconds(rollback.durationSeconds)
  const blocks = [
    heading(3, 'Rollback'),
    table(['Status', 'Duration'], [[keepTogether(ROLLBACK_TEXT[rollback.status]), keepTogether(duration)]])
  ]
  if (rollback.restored.length > 0) blocks.push(list(rollback.restored.map(inlineText)))
  if (rollback.problems.length > 0)
    blocks.push(paragraph('<strong>Rollback problems</strong>'), list(rollback.problems.map(inlineText)))
  return blocks
}

/** A status or a duration in a narrow table column stays on one line: icon and word, number and unit. */
function keepTogether(html: string): string {
  return html.replace(/ /g, '&nbsp;')
}

function seconds(value: number): string {
  return `${value.toFixed(1)} s`
}
