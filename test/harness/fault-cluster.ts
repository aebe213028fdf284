import { execFile, spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { parseAllDocuments } from 'yaml'
import { loadLocalCluster, repoRoot, type TestCluster } from './test-cluster.js'

/**
 * A disposable copy of the local control plane for the fault tests: its own kwok cluster
 * (`kube-deploy-faults`, started by test/cluster/up.sh with the same cached binaries), whose
 * components the tests kill, freeze, thaw and restart by pid. The shared cluster `kube-deploy` is
 * never touched.
 */
export const FAULT_CLUSTER_NAME = 'kube-deploy-faults'

/** The components kwokctl runs, in the order they must start (each needs the ones before it). */
export const COMPONENTS = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok-controller'
] as const
export type Component = (typeof COMPONENTS)[number]

/**
 * The controllers a kubelet would start again after an API outage (their health checks fail while
 * their informers catch up, which can take a minute). Not kwok: a kwok started again waits for the
 * node leases of the one it replaces to expire before it moves any pod.
 */
const CONTROLLERS: Component[] = ['kube-controller-manager', 'kube-scheduler']

/** How kwokctl started a component (its workdir's kwok.yaml): what a kubelet would start again. */
interface ComponentSpec {
  name: Component
  binary: string
  args: string[]
  workDir: string
}

const PATCHES = path.join(repoRoot, 'test', 'cluster', 'faults', 'components-patches.yaml')
const run = promisify(execFile)
const pause = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

function cacheRoot(): string {
  return path.join(
    process.env.KUBE_DEPLOY_CACHE || path.join(os.homedir(), '.cache', 'kube-deploy'),
    'cluster'
  )
}

const scriptEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  KUBE_DEPLOY_CLUSTER: FAULT_CLUSTER_NAME,
  KUBE_DEPLOY_CLUSTER_PATCHES: PATCHES
})

export class FaultCluster {
  readonly cluster: TestCluster
  private readonly specs: Map<Component, ComponentSpec>
  /** Set when the API server or etcd was stopped, frozen or restarted since the last recover(). */
  private apiDisturbed = false

  private constructor(readonly workDir: string) {
    this.cluster = loadLocalCluster(path.join(cacheRoot(), FAULT_CLUSTER_NAME, 'state', 'cluster.json'))
    this.specs = readSpecs(workDir)
  }

  /**
   * Starts the fault cluster, or reuses it when it runs with the fault tests' patches; every
   * component runs and is thawed afterwards, whatever an earlier run left behind.
   */
  static async start(): Promise<FaultCluster> {
    const workDir = path.join(cacheRoot(), FAULT_CLUSTER_NAME, 'kwok', 'clusters', FAULT_CLUSTER_NAME)
    if (existsSync(workDir)) {
      // A frozen component would hang up.sh's health check; a cluster made without these patches
      // (up.sh wrote them into its kwokctl configuration) is made again.
      thawAll(workDir)
      const config = path.join(cacheRoot(), FAULT_CLUSTER_NAME, 'state', 'kwokctl-config.yaml')
      const made = existsSync(config) ? readFileSync(config, 'utf8') : ''
      if (!made.includes(readFileSync(PATCHES, 'utf8').trim())) await FaultCluster.stopCluster()
    }
    await runScript('up.sh')
    const faults = new FaultCluster(workDir)
    await faults.recover()
    return faults
  }

  /** Deletes the fault cluster (thawed first, so that every component can be stopped). */
  static async stopCluster(): Promise<void> {
    const workDir = path.join(cacheRoot(), FAULT_CLUSTER_NAME, 'kwok', 'clusters', FAULT_CLUSTER_NAME)
    if (existsSync(workDir)) thawAll(workDir)
    await runScript('down.sh')
  }

  /** The component's process id, when it runs. */
  pid(component: Component): number | undefined {
    return runningPid(this.workDir, component)
  }

  /** SIGKILL, as a crash or an OOM kill would; resolves once the process is gone. */
  async kill(component: Component): Promise<void> {
    this.noteDisturbed(component)
    const pid = this.pid(component)
    if (pid === undefined) return
    process.kill(pid, 'SIGKILL')
    while (!exited(pid)) await pause(20)
  }

  /** SIGSTOP: the process keeps its sockets, so the kernel still accepts connections nobody answers. */
  freeze(component: Component): void {
    this.noteDisturbed(component)
    const pid = this.pid(component)
    if (pid === undefined) throw new Error(`${component} is not running`)
    process.kill(pid, 'SIGSTOP')
  }

  /** SIGCONT. */
  thaw(component: Component): void {
    const pid = this.pid(component)
    if (pid !== undefined) process.kill(pid, 'SIGCONT')
  }

  /**
   * Starts the component again with the command line kwokctl recorded, as a kubelet restarts a
   * static pod (killing it first when it still runs), and waits until it serves.
   */
  async restart(component: Component): Promise<void> {
    await this.kill(component)
    this.launch(component)
    await this.ready(component)
  }

  /**
   * After a fault: thaws everything and starts, in order, each component that is not running. After
   * an outage of the API server or etcd, the controller-manager and the scheduler are started again
   * too (see CONTROLLERS). Resolves once everything serves.
   */
  async recover(): Promise<void> {
    thawAll(this.workDir)
    const controllers = this.apiDisturbed ? CONTROLLERS : []
    this.apiDisturbed = false
    for (const component of COMPONENTS) {
      if (controllers.includes(component)) await this.kill(component)
      if (this.pid(component) === undefined) this.launch(component)
      await this.ready(component)
    }
  }

  /**
   * Compacts etcd's history up to its current revision, after one more write: a watch resumed from
   * any resourceVersion seen before then, straight from etcd (pods and events, see
   * test/cluster/faults/components-patches.yaml), is told 410 Gone.
   */
  async compactEtcd(): Promise<number> {
    const etcd = this.etcdUrl()
    const post = async (api: string, body: unknown): Promise<{ header: { revision: string } }> => {
      const response = await fetch(`${etcd}/v3/kv/${api}`, { method: 'POST', body: JSON.stringify(body) })
      if (!response.ok) throw new Error(`etcd ${api}: HTTP ${response.status}`)
      return (await response.json()) as { header: { revision: string } }
    }
    await post('put', { key: Buffer.from('/kube-deploy-faults/compaction').toString('base64'), value: '' })
    const revision = Number(
      (await post('range', { key: Buffer.from('\0').toString('base64') })).header.revision
    )
    await post('compaction', { revision: String(revision), physical: true })
    return revision
  }

  /** Reads the admin's view of /readyz: whether the API server answers and is ready. */
  async apiReady(timeoutSeconds = 1): Promise<boolean> {
    try {
      await run(
        this.cluster.kubectl,
        [
          '--kubeconfig',
          this.cluster.kubeconfigFile,
          `--request-timeout=${timeoutSeconds}s`,
          'get',
          '--raw',
          '/readyz'
        ],
        { env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() }, timeout: (timeoutSeconds + 2) * 1000 }
      )
      return true
    } catch {
      return false
    }
  }

  private noteDisturbed(component: Component): void {
    if (component === 'kube-apiserver' || component === 'etcd') this.apiDisturbed = true
  }

  private launch(component: Component): void {
    const spec = this.specs.get(component)
    if (!spec) throw new Error(`${component} is not part of ${FAULT_CLUSTER_NAME}`)
    if (spec.binary !== path.join(this.workDir, 'bin', component))
      throw new Error(`${component} runs ${spec.binary}, not from ${this.workDir}/bin`)
    if (this.pid(component) !== undefined) throw new Error(`${component} runs already`)
    const log = openSync(path.join(this.workDir, 'logs', `${component}.log`), 'a')
    try {
      // Its own session, like kwokctl's: no signal to the test's process group reaches it.
      const child = spawn(spec.binary, spec.args, {
        cwd: spec.workDir,
        detached: true,
        stdio: ['ignore', log, log]
      })
      if (child.pid === undefined) throw new Error(`${component} did not start`)
      child.unref()
      writeFileSync(pidFile(this.workDir, component), String(child.pid))
    } finally {
      closeSync(log)
    }
  }

  /** Waits until a component serves: etcd its /health, the API server /readyz; others run. */
  private async ready(component: Component, timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs
    const probe = async (): Promise<boolean> => {
      if (this.pid(component) === undefined) return false
      if (component === 'kube-apiserver') return this.apiReady()
      if (component === 'etcd')
        return fetch(`${this.etcdUrl()}/health`, { signal: AbortSignal.timeout(1000) }).then(
          response => response.ok,
          () => false
        )
      return true
    }
    while (!(await probe())) {
      if (Date.now() > end) throw new Error(`${component} of ${FAULT_CLUSTER_NAME} did not come back`)
      await pause(50)
    }
  }

  private etcdUrl(): string {
    const flag = this.specs.get('etcd')?.args.find(arg => arg.startsWith('--advertise-client-urls='))
    const url = new URL(flag?.split('=')[1]?.split(',')[0] ?? '')
    return `http://127.0.0.1:${url.port}`
  }
}

function readSpecs(workDir: string): Map<Component, ComponentSpec> {
  const documents = parseAllDocuments(readFileSync(path.join(workDir, 'kwok.yaml'), 'utf8')).map(
    document =>
      document.toJS() as {
        kind?: string
        components?: { name: string; binary: string; args?: string[]; workDir: string }[]
      }
  )
  const config = documents.find(document => document.kind === 'KwokctlConfiguration')
  const specs = new Map<Component, ComponentSpec>()
  for (const { name, binary, args = [], workDir: dir } of config?.components ?? [])
    if ((COMPONENTS as readonly string[]).includes(name))
      specs.set(name as Component, { name: name as Component, binary, args, workDir: dir })
  return specs
}

const pidFile = (workDir: string, component: Component): string =>
  path.join(workDir, 'pids', `${component}.pid`)

/**
 * The process running a component's binary from this cluster's workdir (kwokctl starts each from
 * `<workdir>/bin/<name>`, so the shared cluster's never matches), found in /proc rather than in the
 * pid file: a start that failed (its port still taken) leaves a pid file naming a dead process.
 */
function runningPid(workDir: string, component: Component): number | undefined {
  const binary = path.join(workDir, 'bin', component)
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0] !== binary) continue
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // A zombie has exited: its parent (often init, here) has not collected it yet.
      if (!stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return Number(entry)
    } catch {
      // gone meanwhile
    }
  }
  return undefined
}

/**
 * Whether a process has ended with all its threads: its leader shows as a zombie as soon as it exits,
 * while its other threads may still hold its sockets (the port a restarted server must bind).
 */
function exited(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return (
      stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z') && readdirSync(`/proc/${pid}/task`).length <= 1
    )
  } catch {
    return true
  }
}

function thawAll(workDir: string): void {
  for (const component of COMPONENTS) {
    const pid = runningPid(workDir, component)
    if (pid !== undefined) process.kill(pid, 'SIGCONT')
  }
}

async function runScript(script: 'up.sh' | 'down.sh'): Promise<void> {
  try {
    await run('bash', [path.join(repoRoot, 'test', 'cluster', script)], {
      env: scriptEnv(),
      maxBuffer: 16 * 1024 * 1024
    })
  } catch (error) {
    const { stderr } = error as { stderr?: string }
    throw new Error(`${script} for ${FAULT_CLUSTER_NAME} failed:\n${stderr ?? String(error)}`)
  }
}
