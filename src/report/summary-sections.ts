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
import { groupBy } from '../support/group-by.js'
import { plural } from '../support/plural.js'
import { ganttChart } from './timeline.js'
import { changedObjects } from './changes-section.js'

/** A pod table this long is enough to see the pattern; the rest is counted, not listed. */
const MAX_POD_ROWS = 20

const STATUS_ICON: Record<RolloutReport['status'], string> = {
  succeeded: '✅',
  failed: '❌',
  'timed-out': '⏱️',
  cancelled: '🛑'
}
const ROLLBACK_ICON: Record<NonNullable<RolloutReport['rollback']>['status'], string> = {
  ...STATUS_ICON,
  'not-needed': '➖'
}
const ROW_TEXT: Record<ReportRow['status'], string> = {
  ready: '✅ ready',
  failed: '❌ failed',
  'in-progress': '⏳ not ready',
  'not-waited': '— not waited'
}
const STATE_ICON: Record<RolloutState, string> = { Current: '✅', Failed: '❌', InProgress: '⏳' }

/**
 * Whether the step stopped before the wait gave a verdict. An error after one (a rollback that
 * could not start) leaves the verdict standing, with the error beside it.
 */
function stoppedEarly(report: RolloutReport): boolean {
  return report.error !== undefined && report.problems.length === 0 && report.status !== 'cancelled'
}

/** The title line: the verdict in the words of the `status` output, or that there was none. */
export function titleSection(report: RolloutReport): string {
  const command = singleLine(report.command)
  const title = stoppedEarly(report)
    ? `⛔ kube-deploy${command ? `: ${command}` : ''} stopped before a verdict`
    : report.dryRun
      ? `🔍 kube-deploy: ${command} dry run: ${dryRunVerdict(report)}`
      : `${STATUS_ICON[report.status]} kube-deploy: ${command} ${report.status}`
  return heading(2, title)
}

/** `2 objects would change`, or `nothing would change`: a dry run's verdict is its preview. */
function dryRunVerdict(report: RolloutReport): string {
  const changed = changedObjects(report.preview ?? []).length
  return changed === 0 ? 'nothing would change' : `${plural(changed, 'object')} would change`
}

export function overviewSection(report: RolloutReport): string {
  return table(
    ['Cluster', 'Namespace', 'Command', 'Duration'],
    [
      [
        singleLine(report.server) || '—',
        singleLine(report.namespace) || '—',
        singleLine(report.command) || '—',
        keepTogether(seconds(report.durationSeconds))
      ]
    ]
  )
}

/**
 * The error that stopped the step, first thing after the title, then what it had done by then, so
 * that a reader knows what the cluster may or may not have received. A multi-line error is shown
 * whole as well.
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

/** What the step did stays one click away (after an error, the error's section lists it instead). */
export function doneSection(report: RolloutReport): string[] {
  if (report.error !== undefined || report.done.length === 0) return []
  return [detailsHtml('What the step did', list(report.done.map(inlineText), true))]
}

/** The colors of a blue-green step, in plain sight: what is live, what is in preview. */
export function blueGreenSection(report: RolloutReport): string[] {
  if (!report.blueGreen) return []
  const title = report.dryRun ? 'Blue-green (dry run, nothing sent)' : 'Blue-green'
  if (!report.dryRun && report.status !== 'succeeded') return []
  return [paragraph(`<strong>${title}:</strong> ${inlineText(report.blueGreen.line)}`)]
}

export function problemsSection(report: RolloutReport): string[] {
  if (report.problems.length === 0) return []
  return [heading(3, 'What went wrong'), list(report.problems.map(inlineText))]
}

/**
 * Past this many objects, the table lists only those that are not ready, and the ready ones are
 * counted by kind and action: a page of 300 alike rows hides the few that matter (and every row is
 * still in the `resources` output).
 */
const MAX_OBJECT_ROWS = 50

/**
 * One row per object, or, for a long list, the objects not ready one by one and the ready ones
 * grouped. The namespace column is there only when some object is elsewhere than the step's
 * namespace (or cluster-scoped): otherwise the overview says it once.
 */
export function objectsSection(rows: ReportRow[], namespace: string): string[] {
  if (rows.length === 0) return []
  if (rows.length <= MAX_OBJECT_ROWS) return [objectTable(rows, namespace)]
  const notReady = rows.filter(row => row.status !== 'ready')
  const ready = rows.filter(row => row.status === 'ready')
  const listed = notReady.slice(0, MAX_OBJECT_ROWS)
  const blocks: string[] = []
  if (listed.length > 0) blocks.push(objectTable(listed, namespace))
  if (notReady.length > listed.length)
    blocks.push(paragraph(`… and ${plural(notReady.length - listed.length, 'more object')} not ready.`))
  if (ready.length > 0) {
    const groups = groupBy(ready, row => `${row.ref.kind}\u0000${row.action}`)
    blocks.push(
      paragraph(`${plural(ready.length, 'object')} ready (each one is in the ${code('resources')} output):`),
      table(
        ['Kind', 'Action', 'Objects'],
        [...groups.values()].map(group => [
          singleLine(group[0].ref.kind),
          singleLine(group[0].action),
          String(group.length)
        ])
      )
    )
  }
  return blocks
}

function objectTable(rows: ReportRow[], namespace: string): string {
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
  return table(headers, cells)
}

/** What the `selector` input matched, and its pods that are not ready with their reasons. */
export function selectorSection(selector: SelectorOutcome | undefined): string[] {
  if (!selector) return []
  const message = selector.message.trim() ? `, ${inlineText(selector.message)}` : ' matched'
  const line =
    `${STATE_ICON[selector.state]} Pods matching ${code(selector.expression)}: ${selector.matched}${message}` +
    ` (namespace ${code(selector.namespace)})`
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
  const status = rollback.status === 'not-needed' ? 'not needed' : rollback.status
  const duration = rollback.durationSeconds === undefined ? '' : ` in ${seconds(rollback.durationSeconds)}`
  const blocks = [heading(3, `${ROLLBACK_ICON[rollback.status]} Rollback: ${status}${duration}`)]
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
