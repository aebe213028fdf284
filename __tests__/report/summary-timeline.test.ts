import type { RolloutReport } from '../../src/report/rollout-report.js'
import { ganttChart, ganttTaskName } from '../../src/report/timeline.js'
import {
  earlyErrorReport,
  failureReport,
  largeReport,
  rollbackReport,
  selectorOnlyReport,
  successReport,
  timeoutReport
} from './fixtures/reports.js'
import { parseGantt, type GanttTask } from './support/mermaid.js'
import { writeAndRender } from './support/rendered-summary.js'

/** What mermaid made of a chart, in a form that reads like the chart. */
function bars(tasks: GanttTask[]): string[] {
  return tasks.map(
    task => `${task.section} | ${task.name} | ${task.start}-${task.end}${task.crit ? ' crit' : ''}`
  )
}

function chartOf(report: RolloutReport): string {
  const chart = ganttChart(report)
  if (chart === undefined) throw new Error('no chart')
  return chart
}

describe('the timeline', () => {
  it('of a failure: each object from the start of the wait to when it settled, failures marked', async () => {
    expect(bars(await parseGantt(chartOf(failureReport())))).toEqual([
      'deploy | apply | 0-1800',
      'rollout | deployment/web | 1800-7400 crit',
      'rollout | deployment/api | 1800-8600 crit',
      'rollout | configmap/conf | 1800-1900',
      'rollout | service/web | 1800-1950'
    ])
  })

  it('of a timeout: what had not settled runs to the end of the wait', async () => {
    expect(bars(await parseGantt(chartOf(timeoutReport())))).toEqual([
      'deploy | apply | 0-1500',
      'rollout | deployment/web (not ready) | 1500-62300',
      'rollout | configmap/conf | 1500-1600'
    ])
  })

  it('of a selector-only run: the selected pods until they settled', async () => {
    expect(bars(await parseGantt(chartOf(selectorOnlyReport())))).toEqual([
      'deploy | status | 0-400',
      'rollout | pods app in (web, api),tier!=cache | 400-12800 crit'
    ])
  })

  it('of a rollback: the rollback last, as long as it took', async () => {
    const tasks = await parseGantt(chartOf(rollbackReport()))
    expect(bars(tasks).at(-1)).toBe('rollback | rollback | 12200-24600')
  })

  it('is not drawn when the step stopped before the wait', () => {
    expect(ganttChart(earlyErrorReport())).toBeUndefined()
  })

  it('reaches the page as a mermaid code block that mermaid parses', async () => {
    for (const report of [successReport(), failureReport(), selectorOnlyReport(), rollbackReport()]) {
      const { document } = await writeAndRender(report)
      const chart = document.querySelector('details pre > code.language-mermaid')?.textContent
      expect(chart).toBe(`${chartOf(report)}\n`)
      await expect(parseGantt(chart ?? '')).resolves.toHaveLength(
        report.rows.length + (report.selector ? 2 : 1) + (report.rollback ? 1 : 0)
      )
    }
  })

  it('keeps one task per object whatever the objects and the selector are called', async () => {
    const hostile: RolloutReport = {
      ...failureReport(),
      rows: [
        ['Section', 'a:b#c;d%%e'],
        ['TopAxis', 'x'],
        ['InclusiveEndDates', 'y'],
        ['Weekday', 'monday'],
        ['Click', 'here'],
        ['Job', '2024-01-01-backup'],
        ['Deployment', 'web\nsection evil'],
        ['Gantt', '`<b>`']
      ].map(([kind, name], index) => ({
        ref: { apiVersion: 'example.com/v1', kind, name, namespace: 'shop' },
        action: 'configured' as const,
        status: 'ready' as const,
        message: '',
        settledAt: 2000 + index * 100
      })),
      selector: { ...selectorOnlyReport().selector!, expression: 'app=<x>&y: z # w' }
    }
    const tasks = await parseGantt(chartOf(hostile))
    expect(tasks.map(task => task.name)).toEqual([
      'apply',
      '_section/a b c d e',
      '_topaxis/x',
      '_inclusiveenddates/y',
      '_weekday/monday',
      '_click/here',
      'job/2024-01-01-backup',
      'deployment/web section evil',
      '_gantt/ b',
      'pods app= x y z w'
    ])
    for (const task of tasks) expect(task.end).toBeGreaterThan(task.start)
  })

  it('would be caught if a name broke the chart', async () => {
    const chart = chartOf(failureReport())
    // The same chart with names as they would be without ganttTaskName: mermaid refuses them.
    await expect(parseGantt(chart.replace('deployment/web', 'weekday monday'))).rejects.toThrow(/Parse error/)
    await expect(parseGantt(chart.replace('deployment/web', 'deployment/web\nsection'))).rejects.toThrow()
    await expect(parseGantt(chart.replace('deployment/web', 'topaxis/web'))).rejects.toThrow()
    // A name mermaid accepts but reads otherwise: a `%%` comment swallows the task.
    const swallowed = await parseGantt(chart.replace('deployment/web', 'a%%b'))
    expect(swallowed).toHaveLength(4)
  })

  it('task names keep what Kubernetes names and selectors use', () => {
    expect(ganttTaskName('deployment/web-1.2_x')).toBe('deployment/web-1.2_x')
    expect(ganttTaskName('pods app in (a,b),!canary,tier!=x')).toBe('pods app in (a,b),!canary,tier!=x')
    expect(ganttTaskName(' :#; ')).toBe('unnamed')
  })

  it('of a large apply: at most 30 bars, failures and the last to settle kept, the rest one bar', async () => {
    const tasks = bars(await parseGantt(chartOf(largeReport(300, 2))))
    expect(tasks).toHaveLength(1 + 30)
    expect(tasks.slice(1, 3)).toEqual([
      'rollout | deployment/web-000 | 1200-1300 crit',
      'rollout | deployment/web-001 | 1200-1310 crit'
    ])
    // The 27 that settled last, then the 271 before them as one bar.
    expect(tasks[3]).toBe('rollout | deployment/web-273 | 1200-4030')
    expect(tasks.at(-1)).toBe('rollout | 271 more objects, settled by then | 1200-4020')
  })
})
