import { deploymentYaml, outcomeOf, resourcesOf, summaryText } from '../support/e2e-context.js'
import {
  describeFaults,
  labelNode,
  needsLocal,
  setUpFaults,
  type FaultContext
} from '../support/fault-context.js'

/**
 * The API server goes away while the step works: restarted (it answers 401/403 for a moment while
 * its authorizer catches up), a one-second blip, down for good, frozen. Every run uses a
 * ServiceAccount token through a relay in front of the fault cluster's API server.
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

const WAITING = /waiting up to \d+s/

/** A Deployment whose pods stay Pending until `release` labels a node for them. */
function heldDeployment(name: string): { yaml: string; release: () => void } {
  const label = `kube-deploy.test/hold-${name}`
  return {
    yaml: deploymentYaml(name, { replicas: 2, nodeSelector: `${label}: go` }),
    release: () => labelNode(f.cluster, `${label}=go`)
  }
}

describeFaults(`the API server goes away${needsLocal}`, () => {
  it('restarted twice mid-wait: the watches reconnect through its 401/403s, and the rollout succeeds', async () => {
    const app = heldDeployment('restarted')
    const step = f.start({ manifests: await f.manifest(app.yaml) })
    await step.untilLog(WAITING)
    for (let restart = 0; restart < 2; restart++) {
      await f.faults.restart('kube-apiserver')
      await f.faults.recover()
    }
    app.release()
    const run = await step.result
    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(resourcesOf(run)).toEqual([expect.objectContaining({ name: 'restarted', status: 'ready' })])
    expect(run.log).not.toMatch(/may not watch|refused/)
  })

  it('a one-second blip as the wait starts: discovery and the first lists are tried again', async () => {
    const app = heldDeployment('blip')
    const step = f.start({ manifests: await f.manifest(app.yaml) })
    // As soon as the Deployment is created, so that the wait's first requests meet the blip.
    await step.untilLog(/deployment\/blip created/)
    await f.front.blip(1000)
    app.release()
    const run = await step.result
    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(run.log).not.toMatch(/ECONNRESET|ECONNREFUSED/)
  })

  it('down past the timeout: timed-out, saying since when the API server was unreachable', async () => {
    const app = heldDeployment('down')
    const step = f.start({ manifests: await f.manifest(app.yaml), timeout: '10s' })
    await step.untilLog(WAITING)
    const downAt = new Date()
    await f.faults.kill('kube-apiserver')
    const run = await step.result
    expect(step.hung).toBe(false)
    expect(step.seconds).toBeLessThan(25)
    expect(outcomeOf(run)).toMatchObject({ exitCode: 1, status: 'timed-out' })
    const since = /unreachable since (\d\d:\d\d:\d\d)/.exec(outcomeOf(run).error)?.[1]
    expect(since).toBeDefined()
    expect(
      Math.abs(secondsOfDay(since ?? '') - secondsOfDay(downAt.toISOString().slice(11, 19)))
    ).toBeLessThan(5)
    expect(summaryText(run)).toMatch(/API server was unreachable since/)
  })

  it('frozen mid-wait (accepts, never answers), evidence included: timed-out by the deadline, and the step exits', async () => {
    const app = heldDeployment('frozen')
    const step = f.start({ manifests: await f.manifest(app.yaml), timeout: '10s' })
    await step.untilLog(WAITING)
    f.faults.freeze('kube-apiserver')
    const run = await step.result
    expect(step.hung).toBe(false)
    // The deadline is 10 s after the first change; gathering evidence and writing the report take little.
    expect(step.seconds).toBeLessThan(25)
    expect(outcomeOf(run)).toMatchObject({ exitCode: 1, status: 'timed-out' })
    expect(outcomeOf(run).error).toMatch(/API server .*(unreachable|not answer)/)
    expect(resourcesOf(run)).toEqual([expect.objectContaining({ name: 'frozen', action: 'created' })])
  })
})

function secondsOfDay(time: string): number {
  const [hours, minutes, seconds] = time.split(':').map(Number)
  return hours * 3600 + minutes * 60 + seconds
}
