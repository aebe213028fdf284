import * as core from '@actions/core'
import { displayName } from '../kube-object.js'
import type { ReportRow, RolloutReport } from './rollout-report.js'

const STATUS_ICON: Record<string, string> = { succeeded: '✅', failed: '❌', 'timed-out': '⏱️' }
const ROW_ICON: Record<ReportRow['status'], string> = {
  ready: '✅ ready',
  failed: '❌ failed',
  'in-progress': '⏳ not ready',
  'not-waited': '— not waited'
}

/** Writes the job summary: what was deployed where, each object's outcome, a timeline, and on failure why. */
export async function writeSummary(report: RolloutReport): Promise<void> {
  const summary = core.summary
  summary.addHeading(`${STATUS_ICON[report.status] ?? ''} kube-deploy: ${report.command} ${report.status}`, 2)
  summary.addTable([
    [
      { data: 'Cluster', header: true },
      { data: 'Namespace', header: true },
      { data: 'Command', header: true },
      { data: 'Duration', header: true }
    ],
    [
      escape(report.server),
      escape(report.namespace),
      report.command,
      `${report.durationSeconds.toFixed(1)} s`
    ]
  ])
  if (report.problems.length > 0) {
    summary.addHeading('What went wrong', 3)
    summary.addList(report.problems.map(escape))
  }
  if (report.rows.length > 0) summary.addTable(objectTable(report.rows))
  if (report.selector) {
    summary.addRaw(
      `<p>Pods matching <code>${escape(report.selector.expression)}</code>: ${report.selector.matched}, ${escape(report.selector.message)}</p>`,
      true
    )
  }
  const chart = timeline(report)
  if (chart) summary.addDetails('Timeline', `\n\n${chart}\n\n`)
  for (const block of report.evidence)
    summary.addDetails(escape(block.title), `<pre>${escape(block.text)}</pre>`)
  if (report.rollback) {
    summary.addHeading(`Rollback: ${report.rollback.status}`, 3)
    if (report.rollback.restored.length > 0) summary.addList(report.rollback.restored.map(escape))
    if (report.rollback.problems.length > 0) summary.addList(report.rollback.problems.map(escape))
  }
  await summary.write()
}

function objectTable(rows: ReportRow[]): { data: string; header?: boolean }[][] {
  const header = ['Object', 'Namespace', 'Action', 'Status', 'Ready', 'Images', 'Message'].map(data => ({
    data,
    header: true
  }))
  const body = rows.map(row => [
    `<code>${escape(displayName(row.ref))}</code>`,
    escape(row.ref.namespace ?? '(cluster)'),
    row.action,
    ROW_ICON[row.status],
    row.replicas ?? '—',
    Object.entries(row.images ?? {})
      .map(([container, image]) => `${escape(container)}: <code>${escape(image)}</code>`)
      .join('<br>') || '—',
    escape(row.message) || '—'
  ])
  return [header, ...body.map(cells => cells.map(data => ({ data })))]
}

/**
 * A mermaid gantt chart (GitHub renders it) of when each waited object became ready or failed,
 * relative to the start of the step.
 */
export function timeline(report: RolloutReport): string | undefined {
  const settled = report.rows.filter(row => row.settledAt !== undefined)
  if (settled.length === 0 || report.waitStartedAt === undefined) return undefined
  const start = report.waitStartedAt
  const lines = [
    '```mermaid',
    'gantt',
    '  title Rollout timeline (ms from the start of the step)',
    '  dateFormat x',
    '  axisFormat %M:%S',
    '  section deploy',
    `  apply and plan :done, 0, ${Math.max(start, 1)}`,
    '  section rollout'
  ]
  for (const row of settled) {
    const end = Math.max(row.settledAt ?? start, start + 1)
    const tag = row.status === 'failed' ? 'crit' : 'done'
    lines.push(`  ${displayName(row.ref).replace(/[:#;]/g, ' ')} :${tag}, ${start}, ${end}`)
  }
  lines.push('```')
  return lines.join('\n')
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
