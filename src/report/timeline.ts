import { displayName } from '../kube-object.js'
import type { ReportRow, RolloutReport } from './rollout-report.js'

/** How a bar is drawn: mermaid's gantt tags. `active` is something the wait left unsettled. */
type BarTag = 'done' | 'crit' | 'active'

interface Bar {
  name: string
  tag: BarTag
  /** Milliseconds from the start of the step. */
  start: number
  end: number
}

/**
 * Words that mermaid's gantt lexer reads as a statement when a line starts with them (it matches them
 * before it tries a task name, with or without a word boundary for some), and a leading date.
 */
const GANTT_STATEMENT =
  /^(gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend|title|acctitle|accdescr|section|click|call|href|\d{4}-\d\d-\d\d)/i

/**
 * A task name that mermaid's gantt parser takes as one task name whatever the object is called: only
 * the characters Kubernetes names and label selectors use (no `:` that ends the name, no `#`, `;` or
 * `%` that start comments or end the data), on one line, and never starting like a statement.
 */
export function ganttTaskName(text: string): string {
  const name =
    text
      .replace(/[^\w./=!,()\- ]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'unnamed'
  return GANTT_STATEMENT.test(name) ? `_${name}` : name
}

/**
 * A mermaid gantt chart (GitHub draws it) of the step: what came before the wait (the change), when each waited
 * object and the selected pods became ready or failed (or that they had not settled when the wait
 * ended), and the rollback. Times are milliseconds from the start of the step.
 */
export function ganttChart(report: RolloutReport): string | undefined {
  if (report.waitStartedAt === undefined) return undefined
  const waitStart = report.waitStartedAt
  const stepEnd = Math.round(report.durationSeconds * 1000)
  const rollbackMs = Math.round((report.rollback?.durationSeconds ?? 0) * 1000)
  // When the wait ended is not recorded: the step's end less the rollback is close (evidence
  // gathering sits in between, seconds at most), and only unsettled bars use it.
  const waitEnd = Math.max(stepEnd - rollbackMs, waitStart + 1)

  const rollout = fewBars(
    report.rows.flatMap(row => rowBar(row, waitStart, waitEnd)),
    waitStart
  )
  const selector = report.selector
  if (selector) {
    const tag: BarTag =
      selector.settledAt === undefined ? 'active' : selector.state === 'Failed' ? 'crit' : 'done'
    const unsettled = selector.settledAt === undefined ? ' (not ready)' : ''
    rollout.push(
      bar(`pods ${selector.expression}${unsettled}`, tag, waitStart, selector.settledAt ?? waitEnd)
    )
  }
  if (rollout.length === 0) return undefined

  const sections: [string, Bar[]][] = [
    ['deploy', [bar(report.command, 'done', 0, waitStart)]],
    ['rollout', rollout]
  ]
  if (report.rollback && rollbackMs > 0) {
    const failed = report.rollback.status === 'failed' || report.rollback.status === 'timed-out'
    sections.push(['rollback', [bar('rollback', failed ? 'crit' : 'done', stepEnd - rollbackMs, stepEnd)]])
  }
  return [
    'gantt',
    '  title Rollout timeline (from the start of the step)',
    '  dateFormat x',
    '  axisFormat %M:%S',
    ...sections.flatMap(([section, bars]) => [
      `  section ${section}`,
      ...bars.map(item => `  ${item.name} :${item.tag}, ${item.start}, ${item.end}`)
    ])
  ].join('\n')
}

function rowBar(row: ReportRow, waitStart: number, waitEnd: number): Bar[] {
  const name = displayName(row.ref)
  if (row.settledAt !== undefined)
    return [bar(name, row.status === 'failed' ? 'crit' : 'done', waitStart, row.settledAt)]
  // Waited for but not settled: the wait ended (timeout) before it did.
  if (row.status === 'in-progress') return [bar(`${name} (not ready)`, 'active', waitStart, waitEnd)]
  return []
}

/** A chart with more bars than this is unreadable: the rest of the ready objects become one bar. */
const MAX_BARS = 30

/**
 * At most MAX_BARS bars: every failed or unsettled one first, then the ready objects that settled
 * last (they are what the rollout waited for); the other ready ones are one bar, as long as the
 * longest of them.
 */
function fewBars(bars: Bar[], waitStart: number): Bar[] {
  if (bars.length <= MAX_BARS) return bars
  const unsettled = bars.filter(item => item.tag !== 'done')
  const ready = bars.filter(item => item.tag === 'done').sort((a, b) => b.end - a.end)
  const room = Math.max(0, MAX_BARS - 1 - unsettled.length)
  const kept = new Set([...unsettled.slice(0, MAX_BARS - 1), ...ready.slice(0, room)])
  const folded = bars.filter(item => !kept.has(item))
  const end = Math.max(...folded.map(item => item.end))
  return [
    ...bars.filter(item => kept.has(item)),
    bar(
      `${folded.length} more objects, settled by then`,
      folded.some(item => item.tag !== 'done') ? 'crit' : 'done',
      waitStart,
      end
    )
  ]
}

/** A bar at least a millisecond long: mermaid draws nothing for an empty one. */
function bar(name: string, tag: BarTag, start: number, end: number): Bar {
  const from = Math.max(0, Math.round(start))
  return { name: ganttTaskName(name), tag, start: from, end: Math.max(Math.round(end), from + 1) }
}
