import { readFileSync } from 'node:fs'
import type { ActionRun } from '../../../test/harness/run-action.js'
import { deploymentYaml, resourcesOf } from '../support/e2e-context.js'
import {
  describeFaults,
  expectOutcome,
  needsLocal,
  setUpFaults,
  type FaultContext
} from '../support/fault-context.js'

/**
 * 300 Deployments in one apply: the step's own memory, log and job summary stay bounded, and the
 * summary groups what is alike instead of listing 300 rows.
 */
let f: FaultContext
beforeAll(async () => {
  f = await setUpFaults('faults-large')
})
afterAll(async () => {
  await f.close()
})

const COUNT = 300

/** The peak resident memory (VmHWM) of a process, in MB, as /proc last showed it. */
function peakRssMb(pid: number): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb === undefined ? undefined : Number(kb) / 1024
  } catch {
    return undefined // ended
  }
}

describeFaults(`a large apply${needsLocal}`, () => {
  let run: ActionRun
  let peak = 0

  it(`${COUNT} Deployments: succeeded, the step's peak memory under 200 MB, its log bounded`, async () => {
    const names = Array.from({ length: COUNT }, (_, index) => `web-${String(index).padStart(3, '0')}`)
    const file = await f.manifest(names.map(name => deploymentYaml(name, { replicas: 1 })).join('---\n'))
    const step = f.start({ manifests: file, timeout: '3m' }, { limitMs: 150_000 })
    // VmHWM only grows: the last reading before the process ends is its peak (give or take the
    // last 20 ms).
    const probe = setInterval(() => {
      if (step.pid) peak = Math.max(peak, peakRssMb(step.pid) ?? 0)
    }, 20)
    run = await step.result.finally(() => clearInterval(probe))
    expectOutcome(run, { exitCode: 0, status: 'succeeded', error: '' })
    expect(resourcesOf(run)).toHaveLength(COUNT)
    expect(resourcesOf(run).every(row => row.action === 'created' && row.status === 'ready')).toBe(true)

    const lines = logLines(run)
    process.stdout.write(
      `${COUNT} Deployments: peak ${peak.toFixed(0)} MB, log ${lines} lines ` +
        `(${(Buffer.byteLength(run.log) / 1024).toFixed(0)} KB), summary ${(Buffer.byteLength(run.summary) / 1024).toFixed(0)} KB\n`
    )
    expect(peak).toBeGreaterThan(0)
    expect(peak).toBeLessThan(200)
    // One line per object applied; the wait's progress is a tally (see the next test).
    expect(lines).toBeLessThan(COUNT + 100)
    expect(Buffer.byteLength(run.log) / 1024).toBeLessThan(64)
  })

  it(`${COUNT} Deployments: alike objects grouped, in the summary (under 32 KB) and the log`, () => {
    const summary = run.summary
    expect(Buffer.byteLength(summary) / 1024).toBeLessThan(32)
    expect(summary.match(/<code>deployment\/web-\d{3}<\/code>/g)?.length ?? 0).toBeLessThan(50)
    expect(logLines(run)).toBeLessThan(COUNT + 100)
  })
})

/** Lines of the step's log as the runner shows them (debug lines hidden). */
function logLines(run: ActionRun): number {
  return run.log.split('\n').filter(line => !line.startsWith('::debug::')).length
}
