import { errorsOf, resourcesOf, summaryText } from '../support/e2e-context.js'
import {
  describeFaults,
  expectOutcome,
  heldDeployment,
  needsLocal,
  progressOf,
  setUpFaults,
  WAITING,
  type FaultContext
} from '../support/fault-context.js'

/**
 * The API server goes away while the step works: restarted (it answers 401/403 for a moment while
 * its authorizer catches up), a one-second blip, down past the timeout, frozen. Every run reaches
 * it with a ServiceAccount token, through a relay in front of the fault cluster's API server.
 */
let f: FaultContext
beforeAll(async () => {
  f = await setUpFaults('faults-api')
})
afterAll(async () => {
  await f.close()
})
afterEach(async () => {
  // A test that failed part way must not leave the API server down for the next one.
  await f.faults.recover()
})

/** The step's log without its debug lines (which name every error it waited out). */
const plainLog = (log: string): string => log.replace(/^::debug::.*$/gm, '')

/** `12:03:04` → seconds of the day. */
const secondsOfDay = (time: string): number =>
  time.split(':').reduce((total, part) => total * 60 + Number(part), 0)

describeFaults(`the API server goes away${needsLocal}`, () => {
  it('restarted twice as the wait starts and mid-wait: its 401/403s are waited out, and the rollout succeeds', async () => {
    const app = heldDeployment(f, 'restarted')
    const step = f.start({ manifests: await f.manifest(app.yaml) })
    // The first restart meets the wait's first requests, the second its established watches.
    await step.untilLog(WAITING)
    for (let restart = 0; restart < 2; restart++) {
      await f.faults.restart('kube-apiserver')
      await f.faults.recover()
    }
    app.release()
    const run = await step.result
    expectOutcome(run, { exitCode: 0, status: 'succeeded', error: '' })
    expect(resourcesOf(run)).toEqual([expect.objectContaining({ name: 'restarted', status: 'ready' })])
    expect(plainLog(run.log)).not.toMatch(/forbidden|may not|refused/i)
  })

  it('a one-second blip as the wait starts: discovery and the first lists are asked again', async () => {
    const app = heldDeployment(f, 'blip')
    const step = f.start({ manifests: await f.manifest(app.yaml) })
    // As soon as the Deployment is created, so that the wait's first requests meet the blip.
    await step.untilLog(/deployment\/blip created/)
    await f.front.blip(1000)
    app.release()
    const run = await step.result
    expectOutcome(run, { exitCode: 0, status: 'succeeded', error: '' })
    expect(plainLog(run.log)).not.toMatch(/ECONNRESET|ECONNREFUSED|could not be reached/)
  })

  it('down past the timeout: timed-out, saying since when the API server was unreachable', async () => {
    const app = heldDeployment(f, 'down')
    const step = f.start({ manifests: await f.manifest(app.yaml), timeout: '8s' })
    await step.untilLog(progressOf('down'))
    const downAt = new Date()
    await f.faults.kill('kube-apiserver')
    const run = await step.result
    expect(step.hung).toBe(false)
    expectOutcome(run, { exitCode: 1, status: 'timed-out' })
    const since = /the API server was unreachable since (\d\d:\d\d:\d\d) UTC/.exec(errorsOf(run))?.[1]
    expect(since).toBeDefined()
    expect(
      Math.abs(secondsOfDay(since ?? '') - secondsOfDay(downAt.toISOString().slice(11, 19)))
    ).toBeLessThan(3)
    expect(summaryText(run)).toMatch(/What went wrong[\s\S]*the API server was unreachable since/)
    expect(resourcesOf(run)).toEqual([expect.objectContaining({ name: 'down', action: 'created' })])
  })

  it('frozen mid-wait (it accepts connections, never answers): timed-out by the deadline, and the step exits', async () => {
    const app = heldDeployment(f, 'frozen')
    const step = f.start({ manifests: await f.manifest(app.yaml), timeout: '8s' })
    await step.untilLog(progressOf('frozen'))
    const frozenAt = Date.now()
    f.faults.freeze('kube-apiserver')
    const run = await step.result
    expect(step.hung).toBe(false)
    // The deadline was 8 s after the first change; then one probe of 2 s, no evidence asked of a
    // server that does not answer, and the report.
    expect((Date.now() - frozenAt) / 1000).toBeLessThan(12)
    expectOutcome(run, { exitCode: 1, status: 'timed-out' })
    expect(run.outputs.status).toBe('timed-out')
    expect(summaryText(run)).toMatch(/the API server has not answered since \d\d:\d\d:\d\d UTC/)
    expect(resourcesOf(run)).toEqual([expect.objectContaining({ name: 'frozen', action: 'created' })])
  })
})
