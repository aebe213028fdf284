import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { admin } from '../../../test/harness/test-cluster.js'
import { deploymentYaml, errorsOf, resourcesOf, summaryText } from '../support/e2e-context.js'
import {
  describeFaults,
  expectOutcome,
  heldDeployment,
  needsLocal,
  progressOf,
  setUpFaults,
  type FaultContext
} from '../support/fault-context.js'
import { ProcessWatch, type SeenProcess } from '../support/process-watch.js'

/**
 * The job is cancelled (the runner sends SIGINT, then SIGTERM) while the step waits or applies: the
 * step still writes its outputs and summary, with status `cancelled` and exactly what it had
 * changed, stops its kubectl children, and its post step still removes the kubeconfig.
 */
let f: FaultContext
beforeAll(async () => {
  f = await setUpFaults('faults-cancel')
})
afterAll(async () => {
  await f.close()
})

/** Resolves once the first Deployment named `<prefix>…` shows up, as the cluster's admin sees it. */
function firstDeployment(prefix: string): Promise<void> {
  const { kubectl, kubeconfigFile } = f.cluster
  const watch = spawn(kubectl, [
    '--kubeconfig',
    kubeconfigFile,
    'get',
    'deployments',
    '-n',
    f.namespace,
    '--watch',
    '-o',
    'name'
  ])
  return new Promise(resolve =>
    watch.stdout.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes(`/${prefix}`)) return
      watch.kill()
      resolve()
    })
  )
}

const deploymentsInCluster = (prefix: string): string[] =>
  admin(f.cluster, ['get', 'deployments', '-n', f.namespace, '-o', 'name'])
    .split('\n')
    .filter(Boolean)
    .map(name => name.replace('deployment.apps/', ''))
    .filter(name => name.startsWith(prefix))
    .sort()

/** Processes among `seen` that still run the same program. */
const stillRunning = (seen: SeenProcess[]): SeenProcess[] =>
  seen.filter(process => {
    try {
      return readFileSync(`/proc/${process.pid}/cmdline`, 'utf8').split('\0')[0] === process.argv[0]
    } catch {
      return false
    }
  })

describeFaults(`a cancelled job${needsLocal}`, () => {
  it('SIGTERM mid-wait: cancelled, with what it created, within two seconds; the post step removes the kubeconfig', async () => {
    const app = heldDeployment(f, 'waiting')
    const step = f.start({ manifests: await f.manifest(app.yaml) })
    await step.untilLog(progressOf('waiting'))
    const signalledAt = Date.now()
    step.signal('SIGTERM')
    const run = await step.result
    expect((Date.now() - signalledAt) / 1000).toBeLessThan(2.5)
    expectOutcome(run, { exitCode: 1, status: 'cancelled' })
    expect(errorsOf(run)).toMatch(
      /cancelled \(SIGTERM\) during the wait for the rollout; it had changed 1 object: deployment\/waiting created/
    )
    expect(resourcesOf(run)).toEqual([
      expect.objectContaining({ name: 'waiting', action: 'created', status: 'in-progress' })
    ])
    expect(summaryText(run)).toMatch(/🛑 kube-deploy: apply cancelled/)
    const workDir = run.state['work-dir'] ?? ''
    expect(existsSync(`${workDir}/kubeconfig`)).toBe(true)
    const post = await f.post(run)
    expect(post.exitCode).toBe(0)
    expect(existsSync(workDir)).toBe(false)
  })

  it.each([
    ['server-side, in-process', 'true'],
    ['client-side, with kubectl', 'false']
  ])(
    'SIGTERM mid-apply (%s): cancelled, listing exactly what exists, and nothing left changing the cluster',
    async (_, serverSide) => {
      const prefix = `app${serverSide === 'true' ? 's' : 'c'}-`
      const names = Array.from({ length: 120 }, (_, index) => `${prefix}${String(index).padStart(3, '0')}`)
      const file = await f.manifest(names.map(name => deploymentYaml(name, { replicas: 1 })).join('---\n'))
      // A distant server: the apply takes a while, so that the signal finds it under way.
      f.front.latency(30)
      const children = new ProcessWatch(10)
      const appeared = firstDeployment(prefix)
      const step = f.start({ manifests: file, wait: 'false', 'server-side': serverSide })
      await step.untilLog(/^cluster /m)
      children.watch(step.pid)
      await appeared
      step.signal('SIGTERM')
      const run = await step.result.finally(() => f.front.latency(0))
      const seen = children.stop()
      if (serverSide === 'false') expect(seen.some(process => process.argv.includes('apply'))).toBe(true)
      expect(stillRunning(seen)).toEqual([])
      expectOutcome(run, { exitCode: 1, status: 'cancelled' })
      expect(errorsOf(run)).toMatch(/cancelled \(SIGTERM\) during apply objects; it had changed \d+ objects?/)
      // Exactly what the cluster holds, no more, no less; and nothing changes after the step ended.
      const listed = resourcesOf(run)
        .filter(row => row.action === 'created')
        .map(row => row.name)
        .sort()
      const inCluster = deploymentsInCluster(prefix)
      expect(listed).toEqual(inCluster)
      expect(inCluster.length).toBeLessThan(names.length)
      await new Promise(resolve => setTimeout(resolve, 1500))
      expect(deploymentsInCluster(prefix)).toEqual(inCluster)
      const post = await f.post(run)
      expect(existsSync(run.state['work-dir'] ?? '/nonexistent')).toBe(false)
      expect(post.exitCode).toBe(0)
    }
  )
})
