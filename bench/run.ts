/**
 * The benchmark: the bundled action against `kubectl apply -f` + `kubectl rollout status` per
 * workload (the baseline), on the local cluster, in one run. Writes bench/results.json and
 * bench/RESULTS.md.
 *
 *   npm run bench              # all scenarios
 *   BENCH_REPEAT=1 npm run bench
 *   BENCH_SCALES=1,10 BENCH_VERBOSE=1 npm run bench   # fewer scales, timings of each run
 *   BENCH_RENDER_ONLY=1 npm run bench                 # RESULTS.md again from results.json
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { startMirror } from '../test/harness/mirror.js'
import { runAction, runnerDirs, type RunnerDirs } from '../test/harness/run-action.js'
import {
  admin,
  deleteNamespace,
  loadTestCluster,
  repoRoot,
  type TestCluster
} from '../test/harness/test-cluster.js'
import { appManifests, failingManifest } from './manifests.js'
import { PodObserver } from './observer.js'
import { bundlePath, measureStartup } from './startup.js'

const REPEAT = Number(process.env.BENCH_REPEAT ?? 3)
const SCALES = (process.env.BENCH_SCALES ?? '1,10,100').split(',').map(Number)
const work = path.join(repoRoot, 'bench', 'work')

interface Sample {
  seconds: number
  convergedSeconds?: number
  detectionSeconds?: number
  peakRssMb?: number
  logLines?: number
  watchEvents?: number
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const round = (value: number, digits = 2): number => Number(value.toFixed(digits))

let sequence = 0
function freshNamespace(cluster: TestCluster, prefix: string): string {
  const name = `bench-${prefix}-${process.pid}-${sequence++}`
  admin(cluster, ['create', 'namespace', name])
  return name
}

function writeManifests(name: string, text: string): string {
  const dir = path.join(work, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'app.yaml'), text)
  return dir
}

/** The baseline: what a workflow script does without the action. */
/** Runs kubectl without blocking, so the observer's watch keeps receiving events meanwhile. */
function kubectlAsync(
  cluster: TestCluster,
  args: string[]
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(cluster.kubectl, [
      '--kubeconfig',
      cluster.kubeconfigFile,
      '--cache-dir',
      path.join(work, 'kube-cache'),
      ...args
    ])
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', code => resolve({ status: code ?? -1, stdout, stderr }))
  })
}

async function baseline(
  cluster: TestCluster,
  dir: string,
  namespace: string,
  deployments: string[],
  timeout = '5m'
): Promise<{ seconds: number; ok: boolean; output: string }> {
  const kubectl = (args: string[]): Promise<{ status: number; stdout: string; stderr: string }> =>
    kubectlAsync(cluster, args)
  const started = performance.now()
  let output = (await kubectl(['apply', '-n', namespace, '-f', dir])).stdout
  let ok = true
  for (const name of deployments) {
    const result = await kubectl([
      'rollout',
      'status',
      `deployment/${name}`,
      '-n',
      namespace,
      `--timeout=${timeout}`
    ])
    output += result.stdout + result.stderr
    if (result.status !== 0) {
      ok = false
      break
    }
  }
  return { seconds: (performance.now() - started) / 1000, ok, output }
}

async function actionRun(
  cluster: TestCluster,
  dirs: RunnerDirs,
  inputs: Record<string, string>,
  namespace: string,
  observer: PodObserver
): Promise<Sample & { status: string; log: string }> {
  const rssFile = path.join(work, `rss-${namespace}`)
  const started = performance.now()
  const run = await runAction(
    {
      kubeconfig: readFileSync(cluster.kubeconfigFile, 'utf8'),
      'kubectl-version': cluster.kubectlVersion,
      namespace,
      timeout: '5m',
      ...inputs
    },
    dirs,
    { nodeArgs: ['--import', path.join(repoRoot, 'bench', 'max-rss.mjs')], env: { BENCH_RSS_FILE: rssFile } }
  )
  const ended = performance.now()
  const lastReady = observer.lastReady()
  const visible = run.log.split('\n').filter(line => line.trim() !== '' && !line.startsWith('::'))
  // The action's own progress stamps: when its wait saw the last object become ready.
  const stamps = [...run.log.matchAll(/^\[\s*([\d.]+)s\]/gm)].map(match => Number(match[1]))
  if (process.env.BENCH_VERBOSE && lastReady !== undefined) {
    console.error(
      `  last Ready on the watch at ${((lastReady - started) / 1000).toFixed(2)}s; action saw its last change at ${Math.max(...stamps).toFixed(2)}s; exited at ${((ended - started) / 1000).toFixed(2)}s`
    )
  }
  return {
    seconds: (ended - started) / 1000,
    convergedSeconds: observer.convergenceSeconds(),
    detectionSeconds: lastReady === undefined ? undefined : (ended - lastReady) / 1000,
    peakRssMb: Number(readFileSync(rssFile, 'utf8')) / 1024,
    logLines: visible.length,
    watchEvents: observer.events,
    status: run.outputs.status,
    log: run.log
  }
}

async function main(): Promise<void> {
  execFileSync('bash', ['test/cluster/up.sh'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] })
  const cluster = loadTestCluster()
  const mirror = await startMirror(cluster.mirrorDir ?? '')
  const tools = mirror.toolInputs({ kubectl: cluster.kubectlVersion, helm: cluster.helmVersion })
  const dirs = await runnerDirs()
  mkdirSync(work, { recursive: true })
  const namespaces: string[] = []
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, node ${process.version}`,
    repeat: REPEAT
  }
  try {
    // Warm the tool cache once, as every later run on a runner would find it.
    const warm = freshNamespace(cluster, 'warm')
    namespaces.push(warm)
    await runAction(
      {
        kubeconfig: readFileSync(cluster.kubeconfigFile, 'utf8'),
        ...tools,
        'kubectl-version': cluster.kubectlVersion,
        manifests: writeManifests('warm', appManifests(1)),
        namespace: warm
      },
      dirs
    )

    const startup = await measureStartup(dirs, { ...tools, 'kubectl-version': cluster.kubectlVersion }, 5)
    results.startup = {
      toFirstRequestSeconds: round(median(startup.map(sample => sample.toFirstRequestSeconds)), 3),
      emptyNodeSeconds: round(median(startup.map(sample => sample.emptyNodeSeconds)), 3),
      bundleMb: round(statSync(bundlePath()).size / 1024 / 1024)
    }
    console.error(`start-up: ${JSON.stringify(results.startup)}`)

    const scale: Record<string, unknown>[] = []
    for (const count of SCALES) {
      const dir = writeManifests(`scale-${count}`, appManifests(count))
      const deployments = Array.from({ length: count }, (_, index) => `app-${index}`)
      const base: number[] = []
      const baseOverhead: number[] = []
      const action: Sample[] = []
      for (let round = 0; round < (count === 100 ? Math.min(REPEAT, 2) : REPEAT); round++) {
        const baseNamespace = freshNamespace(cluster, `base${count}`)
        namespaces.push(baseNamespace)
        const baseObserver = new PodObserver(cluster.kubeconfigFile, baseNamespace)
        await baseObserver.start()
        const result = await baseline(cluster, dir, baseNamespace, deployments)
        baseObserver.stop()
        if (!result.ok) throw new Error(`baseline failed: ${result.output}`)
        base.push(result.seconds)
        baseOverhead.push(result.seconds - (baseObserver.convergenceSeconds() ?? 0))
        // The simulated nodes hold 110 pods each: free them before the action's run.
        admin(cluster, ['delete', 'namespace', baseNamespace, '--wait=true'])

        const actionNamespace = freshNamespace(cluster, `action${count}`)
        namespaces.push(actionNamespace)
        const observer = new PodObserver(cluster.kubeconfigFile, actionNamespace)
        await observer.start()
        const sample = await actionRun(cluster, dirs, { ...tools, manifests: dir }, actionNamespace, observer)
        observer.stop()
        if (sample.status !== 'succeeded') throw new Error(`action failed: ${sample.log}`)
        action.push(sample)
        admin(cluster, ['delete', 'namespace', actionNamespace, '--wait=true'])
        console.error(
          `scale ${count} round ${round}: baseline ${result.seconds.toFixed(2)}s, action ${sample.seconds.toFixed(2)}s (converged ${sample.convergedSeconds?.toFixed(2)}s, detection ${sample.detectionSeconds?.toFixed(3)}s, ${sample.peakRssMb?.toFixed(0)} MB, ${sample.logLines} log lines, ${sample.watchEvents} pod events)`
        )
      }
      const actionSeconds = median(action.map(sample => sample.seconds))
      const converged = median(action.map(sample => sample.convergedSeconds ?? 0))
      scale.push({
        deployments: count,
        objects: count * 3,
        baselineSeconds: round(median(base)),
        actionSeconds: round(actionSeconds),
        ratio: round(actionSeconds / median(base)),
        convergedSeconds: round(converged),
        overheadSeconds: round(median(action.map(sample => sample.seconds - (sample.convergedSeconds ?? 0)))),
        baselineOverheadSeconds: round(median(baseOverhead)),
        detectionMedianSeconds: round(median(action.map(sample => sample.detectionSeconds ?? 0)), 3),
        peakRssMb: round(Math.max(...action.map(sample => sample.peakRssMb ?? 0)), 0),
        logLines: median(action.map(sample => sample.logLines ?? 0)),
        podWatchEvents: median(action.map(sample => sample.watchEvents ?? 0))
      })
    }
    results.scale = scale
    results.detectionMedianSeconds = round(
      median(scale.map(entry => entry.detectionMedianSeconds as number)),
      3
    )

    // Fail fast: an image that cannot be pulled, with the progress deadline the baseline waits for.
    const deadline = 30
    const failDir = writeManifests('fail', failingManifest(deadline))
    const baseNamespace = freshNamespace(cluster, 'failbase')
    namespaces.push(baseNamespace)
    const baseObserver = new PodObserver(cluster.kubeconfigFile, baseNamespace)
    await baseObserver.start()
    const baseStart = performance.now()
    const failBase = await baseline(cluster, failDir, baseNamespace, ['unpullable'], '3m')
    const baseEnd = performance.now()
    baseObserver.stop()
    const actionNamespace = freshNamespace(cluster, 'failaction')
    namespaces.push(actionNamespace)
    const observer = new PodObserver(cluster.kubeconfigFile, actionNamespace)
    await observer.start()
    const failAction = await actionRun(
      cluster,
      dirs,
      { ...tools, manifests: failDir },
      actionNamespace,
      observer
    )
    observer.stop()
    const failActionEnd = performance.now()
    results.failFast = {
      progressDeadlineSeconds: deadline,
      baselineSecondsAfterFirstError: round((baseEnd - (baseObserver.firstErrorAt ?? baseStart)) / 1000),
      baselineExit: failBase.ok ? 'succeeded' : 'failed',
      baselineMessage: failBase.output.trim().split('\n').pop(),
      actionSecondsAfterFirstError: round((failActionEnd - (observer.firstErrorAt ?? failActionEnd)) / 1000),
      actionStatus: failAction.status,
      actionMessage: /::error::(.*)/.exec(failAction.log)?.[1]
    }
  } finally {
    await mirror.close()
    for (const namespace of namespaces) deleteNamespace(cluster, namespace)
  }
  writeFileSync(path.join(repoRoot, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
  writeFileSync(path.join(repoRoot, 'bench', 'RESULTS.md'), renderMarkdown(results))
  console.log(renderMarkdown(results))
}

/** The goals the step is held to, each read from one run's results. */
const GOALS: { goal: string; value: (results: Record<string, unknown>) => number; max: number }[] = [
  {
    goal: 'start-up: node start → first API request, s',
    value: r => startupOf(r).toFirstRequestSeconds,
    max: 0.15
  },
  { goal: 'bundle dist/index.js, MB', value: r => startupOf(r).bundleMb, max: 2 },
  ...(
    [
      [1, 0.3],
      [10, 0.5],
      [100, 1.5]
    ] as const
  ).map(([count, max]) => ({
    goal: `overhead beyond convergence at ${count} Deployment${count > 1 ? 's' : ''}, s`,
    value: (r: Record<string, unknown>) => scaleOf(r, count).overheadSeconds,
    max
  })),
  { goal: 'action / baseline at 1 Deployment', value: r => scaleOf(r, 1).ratio, max: 0.9 },
  { goal: 'action / baseline at 100 Deployments', value: r => scaleOf(r, 100).ratio, max: 0.8 },
  { goal: 'peak RSS at 100 Deployments, MB', value: r => scaleOf(r, 100).peakRssMb, max: 150 }
]

const startupOf = (results: Record<string, unknown>): Record<string, number> =>
  results.startup as Record<string, number>
const scaleOf = (results: Record<string, unknown>, count: number): Record<string, number> =>
  (results.scale as Record<string, number>[]).find(entry => entry.deployments === count) ?? {}

function renderMarkdown(results: Record<string, unknown>): string {
  const scale = results.scale as Record<string, number>[]
  const fail = results.failFast as Record<string, string | number>
  const startup = startupOf(results)
  const lines = [
    '# Benchmark results',
    '',
    `${String(results.date)} · ${String(results.machine)} · local control plane (kwok) · medians of ${String(results.repeat)} runs (2 at 100)`,
    '',
    '## Goals',
    '',
    '| goal | this run | at most | met |',
    '|---|---|---|---|',
    ...GOALS.map(({ goal, value, max }) => {
      const measured = value(results)
      return `| ${goal} | ${measured} | ${max} | ${measured <= max ? 'yes' : '**no**'} |`
    }),
    '',
    '## Rollouts',
    '',
    'Baseline: `kubectl apply -f` then `kubectl rollout status` for each Deployment. Action: `node dist/index.js` as the runner runs it (tool cache warm).',
    '',
    '| Deployments (+ Service, ConfigMap each) | baseline s | action s | action / baseline | cluster convergence s | action overhead s | baseline overhead s | detection s | peak RSS MB | log lines | pod watch events |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...scale.map(
      entry =>
        `| ${entry.deployments} | ${entry.baselineSeconds} | ${entry.actionSeconds} | ${entry.ratio} | ${entry.convergedSeconds} | ${entry.overheadSeconds} | ${entry.baselineOverheadSeconds} | ${entry.detectionMedianSeconds} | ${entry.peakRssMb} | ${entry.logLines} | ${entry.podWatchEvents} |`
    ),
    '',
    'Cluster convergence: first pod created → last pod Ready, seen by a separate watch. Overhead: wall time minus that convergence (start-up, validation, apply, detection).',
    '',
    'The floor of each ratio: convergence / baseline, what the action would reach with no overhead at all.',
    '',
    ...scale.map(
      entry => `- at ${entry.deployments}: ${round(entry.convergedSeconds / entry.baselineSeconds)}.`
    ),
    '',
    `Detection latency (last pod Ready seen on a watch → action exit), median over all runs: ${String(results.detectionMedianSeconds)} s.`,
    '',
    `Start-up: ${startup.toFirstRequestSeconds} s from spawning the step to its first API request (an empty \`node -e 0\` takes ${startup.emptyNodeSeconds} s); the bundle is ${startup.bundleMb} MB.`,
    '',
    `Fail fast (unpullable image, progressDeadlineSeconds ${String(fail.progressDeadlineSeconds)}): the action reported \`${String(fail.actionMessage)}\` ${String(fail.actionSecondsAfterFirstError)} s after the pod's first error status; the baseline exited ${String(fail.baselineSecondsAfterFirstError)} s after it (${String(fail.baselineMessage)}).`,
    ''
  ]
  return lines.join('\n')
}

if (process.env.BENCH_RENDER_ONLY) {
  // Renders bench/RESULTS.md again from bench/results.json, after a change to the page alone.
  const saved = JSON.parse(readFileSync(path.join(repoRoot, 'bench', 'results.json'), 'utf8')) as Record<
    string,
    unknown
  >
  writeFileSync(path.join(repoRoot, 'bench', 'RESULTS.md'), renderMarkdown(saved))
} else {
  await main()
}
