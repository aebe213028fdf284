import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { startMirror, type Mirror } from '../../../test/harness/mirror.js'
import { runAction, runnerDirs, type ActionRun, type RunnerDirs } from '../../../test/harness/run-action.js'
import { loadTestCluster, repoRoot, type TestCluster } from '../../../test/harness/test-cluster.js'

/** What every e2e test file shares: the cluster, the loopback mirror and one runner's folders. */
export interface E2eContext {
  cluster: TestCluster
  mirror?: Mirror
  dirs: RunnerDirs
  /**
   * Inputs every run needs: admin access to the test cluster, tools from the local mirror (with the
   * opt-in to its plain http and the digests of its files).
   */
  baseInputs: Record<string, string>
  run(inputs: Record<string, string>): Promise<ActionRun>
  /** Runs the post step with the state the main step saved. */
  post(main: ActionRun): Promise<ActionRun>
  /** Writes manifests to a fresh folder in the workspace (the runs' GITHUB_WORKSPACE) and returns the file path. */
  manifest(text: string, name?: string): Promise<string>
}

export async function setUpE2e(): Promise<E2eContext> {
  const cluster = loadTestCluster()
  const mirror = cluster.mirrorDir ? await startMirror(cluster.mirrorDir) : undefined
  const dirs = await runnerDirs()
  const baseInputs: Record<string, string> = {
    kubeconfig: readFileSync(cluster.kubeconfigFile, 'utf8'),
    'kubectl-version': cluster.kubectlVersion,
    'helm-version': cluster.helmVersion,
    timeout: '2m'
  }
  if (mirror) {
    Object.assign(
      baseInputs,
      mirror.toolInputs({ kubectl: cluster.kubectlVersion, helm: cluster.helmVersion })
    )
  }
  return {
    cluster,
    mirror,
    dirs,
    baseInputs,
    run: inputs => runAction({ ...baseInputs, ...inputs }, dirs),
    post: main => runAction({}, dirs, { entry: 'dist/post.js', state: main.state }),
    async manifest(text, name = 'manifests.yaml') {
      // Inside the workspace, as a checkout's manifests are: the action refuses paths outside it.
      const parent = path.join(repoRoot, 'build', 'e2e-manifests')
      await mkdir(parent, { recursive: true })
      const dir = await mkdtemp(path.join(parent, 'manifests-'))
      const file = path.join(dir, name)
      await writeFile(file, text)
      return file
    }
  }
}

/** A Deployment manifest; `simulate` picks one of the local cluster's failure stages for its pods. */
export function deploymentYaml(
  name: string,
  options: { replicas?: number; image?: string; simulate?: string; nodeSelector?: string } = {}
): string {
  const labels = options.simulate ? `\n        kube-deploy.test/simulate: ${options.simulate}` : ''
  const nodeSelector = options.nodeSelector ? `\n      nodeSelector: {${options.nodeSelector}}` : ''
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: ${options.replicas ?? 2}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels:
        app: ${name}${labels}
    spec:${nodeSelector}
      containers:
      - name: app
        image: ${options.image ?? 'ghcr.io/kube-deploy/example-web:1.0.0'}
`
}

/** The job summary as a reader sees it: HTML entities decoded (markup kept). */
export function summaryText(run: ActionRun): string {
  return run.summary
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&')
}

/**
 * An unsuccessful step explains itself in the job summary: a "What went wrong" part, and after it the
 * evidence naming the pod (one of `pods` when any of several tells the story; the workload when no pod
 * exists) and the reason(s).
 */
export function expectEvidence(
  run: ActionRun,
  pods: string | string[],
  ...reasons: (string | RegExp)[]
): void {
  const text = summaryText(run)
  expect(text).toContain('What went wrong')
  const evidence = text.slice(text.indexOf('What went wrong'))
  const names = typeof pods === 'string' ? [pods] : pods
  // (toMatch prints the whole part on a mismatch: what the summary said instead)
  expect(evidence).toMatch(
    new RegExp(names.map(name => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'))
  )
  for (const reason of reasons) expect(evidence).toMatch(reason)
}

/** A run in flight: the test plays a controller or a workload while it waits. */
export interface RunningAction {
  readonly done: boolean
  result: Promise<ActionRun>
  startedAt: number
}

export function start(e2e: E2eContext, inputs: Record<string, string>): RunningAction {
  const startedAt = Date.now()
  let done = false
  const result = e2e.run(inputs).finally(() => (done = true))
  return {
    get done() {
      return done
    },
    result,
    startedAt
  }
}

/** Holds for `ms` and then says whether the run is still waiting (for "keeps waiting" checks). */
export async function stillRunningAfter(running: RunningAction, ms: number): Promise<boolean> {
  await new Promise(resolve => setTimeout(resolve, ms))
  return !running.done
}

export interface ResourceRow {
  kind: string
  namespace?: string
  name: string
  action: string
  status: string
  message: string
}

export const resourcesOf = (run: ActionRun): ResourceRow[] =>
  run.outputs.resources ? (JSON.parse(run.outputs.resources) as ResourceRow[]) : []

/** The `::error::` line(s) of the step's log. */
export const errorsOf = (run: ActionRun): string =>
  run.log
    .split('\n')
    .filter(line => line.startsWith('::error'))
    .join('\n')

/** The step's outcome in one object, so a failing assertion shows the action's own error line. */
export const outcomeOf = (run: ActionRun): { exitCode: number; status: string; error: string } => ({
  exitCode: run.exitCode,
  status: run.outputs.status,
  error: errorsOf(run)
})
