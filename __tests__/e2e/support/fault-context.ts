import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { startApiFront, type ApiFront } from '../../../test/harness/api-front.js'
import { FaultCluster } from '../../../test/harness/fault-cluster.js'
import { startMirror, type Mirror } from '../../../test/harness/mirror.js'
import { runAction, runnerDirs, type ActionRun, type RunnerDirs } from '../../../test/harness/run-action.js'
import { deploymentYaml, outcomeOf } from './e2e-context.js'
import {
  admin,
  createNamespace,
  deleteNamespace,
  isLocalCluster,
  repoRoot,
  type TestCluster
} from '../../../test/harness/test-cluster.js'

/**
 * What a fault test file shares: the fault cluster (never the shared one), a relay in front of its API
 * server, the loopback mirror, one runner's folders and one namespace. Every run reaches the cluster
 * the way a production workflow does: through `server` + a ServiceAccount `token` + the CA.
 */
export interface FaultContext {
  faults: FaultCluster
  /** The fault cluster, for arranging and checking as its admin. */
  cluster: TestCluster
  front: ApiFront
  mirror?: Mirror
  dirs: RunnerDirs
  namespace: string
  baseInputs: Record<string, string>
  /** Starts the bundled action; the returned run is stopped (SIGKILL) if it outlives `limitMs`. */
  start(inputs: Record<string, string>, options?: StepOptions): StepRun
  /** Runs the post step with the state the main step saved. */
  post(main: ActionRun): Promise<ActionRun>
  manifest(text: string): Promise<string>
  /** Brings every component back, deletes the namespace, closes the relay and the mirror. */
  close(): Promise<void>
}

export interface StepOptions {
  env?: Record<string, string>
  /** How long the step may run before the test kills it as hung (default 60 s). */
  limitMs?: number
}

/** Fault tests need the local control plane's binaries and pid files: skipped, by name, elsewhere. */
export const describeFaults = isLocalCluster() ? describe : describe.skip
export const needsLocal = isLocalCluster() ? '' : ' (skipped: needs the local control plane)'

export async function setUpFaults(prefix: string): Promise<FaultContext> {
  const faults = await FaultCluster.start()
  const cluster = faults.cluster
  const front = await startApiFront(cluster.server)
  const mirror = cluster.mirrorDir ? await startMirror(cluster.mirrorDir) : undefined
  const dirs = await runnerDirs()
  const namespace = createNamespace(cluster, prefix)
  const baseInputs: Record<string, string> = {
    server: front.url,
    token: cluster.deployerToken ?? '',
    'certificate-authority': readFileSync(cluster.caFile ?? '', 'utf8'),
    namespace,
    'kubectl-version': cluster.kubectlVersion,
    'helm-version': cluster.helmVersion,
    timeout: '60s',
    ...mirror?.toolInputs({ kubectl: cluster.kubectlVersion, helm: cluster.helmVersion })
  }
  return {
    faults,
    cluster,
    front,
    mirror,
    dirs,
    namespace,
    baseInputs,
    start: (inputs, options = {}) => new StepRun({ ...baseInputs, ...inputs }, dirs, options),
    post: main => runAction({}, dirs, { entry: 'dist/post.js', state: main.state }),
    async manifest(text) {
      const parent = path.join(repoRoot, 'build', 'e2e-manifests')
      await mkdir(parent, { recursive: true })
      const file = path.join(await mkdtemp(path.join(parent, `${prefix}-`)), 'manifests.yaml')
      await writeFile(file, text)
      return file
    },
    async close() {
      await faults.recover()
      deleteNamespace(cluster, namespace)
      await front.close()
      await mirror?.close()
    }
  }
}

/** One run of the step in flight: its pid, its log as it comes, and a way to act on a log line. */
export class StepRun {
  readonly startedAt = Date.now()
  readonly result: Promise<ActionRun>
  pid = 0
  log = ''
  done = false
  /** Set when the test had to kill the step because it outlived its limit. */
  hung = false
  private readonly waiters: { pattern: RegExp; resolve: () => void }[] = []

  constructor(inputs: Record<string, string>, dirs: RunnerDirs, options: StepOptions) {
    const limit = setTimeout(() => {
      this.hung = true
      if (this.pid) process.kill(this.pid, 'SIGKILL')
    }, options.limitMs ?? 60_000)
    this.result = runAction(inputs, dirs, {
      env: options.env,
      onSpawn: pid => (this.pid = pid),
      onOutput: text => this.heard(text)
    }).finally(() => {
      clearTimeout(limit)
      this.done = true
    })
  }

  /** Seconds since the step started. */
  get seconds(): number {
    return (Date.now() - this.startedAt) / 1000
  }

  /** Resolves once the step has printed a line matching `pattern`; rejects when it ends first. */
  untilLog(pattern: RegExp): Promise<void> {
    if (pattern.test(this.log)) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ pattern, resolve })
      // (once resolved, this rejection changes nothing)
      void this.result.then(run =>
        reject(new Error(`the step ended (exit ${run.exitCode}) before printing ${pattern}:\n${run.log}`))
      )
    })
  }

  signal(name: NodeJS.Signals): void {
    process.kill(this.pid, name)
  }

  private heard(text: string): void {
    this.log += text
    for (const waiter of [...this.waiters])
      if (waiter.pattern.test(this.log)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        waiter.resolve()
      }
  }
}

/**
 * Checks the step's outcome; when it is not the one expected, the failure shows the step's whole
 * log (debug lines included): a fault test that fails is read from it.
 */
export function expectOutcome(run: ActionRun, expected: Partial<ReturnType<typeof outcomeOf>>): void {
  try {
    expect(outcomeOf(run)).toMatchObject(expected)
  } catch (error) {
    const log = run.log.replace(/^::add-mask::.*$/gm, '::add-mask::***')
    throw new Error(`${(error as Error).message}\n\nThe step's log:\n${log}`)
  }
}

/** The step's line as its wait starts. */
export const WAITING = /waiting up to \d+s/

/** The step's first progress line about a Deployment: the wait has listed and judged it. */
export const progressOf = (name: string): RegExp => new RegExp(`\\] deployment/${name} \\(`)

/**
 * A Deployment whose pods stay Pending (unschedulable, within the wait's grace) until `release`
 * labels a node for them: the test decides when the rollout can finish.
 */
export function heldDeployment(
  f: FaultContext,
  name: string,
  replicas = 2
): { yaml: string; release: () => void } {
  const label = `kube-deploy.test/hold-${name}`
  return {
    yaml: deploymentYaml(name, { replicas, nodeSelector: `${label}: go` }),
    release: () => labelNode(f.cluster, `${label}=go`)
  }
}

/** Labels one node of the fault cluster, so that pods waiting for that label can be scheduled. */
function labelNode(cluster: TestCluster, label: string): void {
  const node = admin(cluster, ['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}']).trim()
  admin(cluster, ['label', 'node', node, label, '--overwrite'])
}
