import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdir, mkdtemp } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { repoRoot } from './test-cluster.js'

/** What a run of the bundled action left behind, read the way the runner reads it. */
export interface ActionRun {
  exitCode: number
  log: string
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  env: Record<string, string>
}

export interface RunnerDirs {
  temp: string
  toolCache: string
  home: string
}

export async function runnerDirs(): Promise<RunnerDirs> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kube-deploy-runner-'))
  const dirs = {
    temp: path.join(root, 'temp'),
    toolCache: path.join(root, 'tool-cache'),
    home: path.join(root, 'home')
  }
  await Promise.all(Object.values(dirs).map(dir => mkdir(dir, { recursive: true })))
  return dirs
}

export interface RunOptions {
  /** The bundled entry to run: dist/index.js (main) or dist/post.js. */
  entry?: string
  /** State saved by the main step, handed to the post step as STATE_<name>. */
  state?: Record<string, string>
  /** Extra arguments for node itself (the benchmark preloads a memory probe). */
  nodeArgs?: string[]
  /** Extra environment variables. */
  env?: Record<string, string>
  /** Working folder of the step (the runner uses the workspace); the repository by default. */
  cwd?: string
  /** Called with the step's process id as soon as it starts, e.g. to watch the processes it spawns. */
  onSpawn?: (pid: number) => void
  /** Called with everything the step prints, as it prints it (e.g. to act when the wait starts). */
  onOutput?: (text: string) => void
}

/**
 * Runs dist/index.js as the runner does: inputs as INPUT_<NAME> with hyphens kept, outputs, state and
 * summary in files. The ambient KUBECONFIG points at a file that does not exist, so any use of it fails.
 */
export async function runAction(
  inputs: Record<string, string>,
  dirs: RunnerDirs,
  options: RunOptions = {}
): Promise<ActionRun> {
  const { entry = 'dist/index.js', state = {}, nodeArgs = [] } = options
  const files = await mkdtemp(path.join(dirs.temp, '..', 'files-'))
  const outputFile = path.join(files, 'output')
  const summaryFile = path.join(files, 'summary')
  const stateFile = path.join(files, 'state')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  writeFileSync(stateFile, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dirs.home,
    KUBECONFIG: path.join(files, 'ambient-kubeconfig-must-not-be-used'),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_STATE: stateFile,
    GITHUB_WORKSPACE: repoRoot,
    RUNNER_TEMP: dirs.temp,
    RUNNER_TOOL_CACHE: dirs.toolCache,
    RUNNER_DEBUG: '0',
    ...options.env
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  for (const [name, value] of Object.entries(state)) env[`STATE_${name}`] = value
  const child = spawn(process.execPath, [...nodeArgs, path.join(repoRoot, entry)], {
    cwd: options.cwd ?? repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  if (child.pid !== undefined) options.onSpawn?.(child.pid)
  let log = ''
  const collect = (chunk: Buffer): void => {
    log += chunk.toString()
    options.onOutput?.(chunk.toString())
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const exitCode = await new Promise<number>(resolve => child.on('close', code => resolve(code ?? -1)))
  return {
    exitCode,
    log,
    outputs: parseCommandFile(outputFile),
    state: parseCommandFile(stateFile),
    summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '',
    env
  }
}

/** Reads GITHUB_OUTPUT / GITHUB_STATE: `name<<delimiter`, value lines, `delimiter`. */
export function parseCommandFile(file: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = readFileSync(file, 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (!match) continue
    const body: string[] = []
    for (i++; i < lines.length && lines[i] !== match[2]; i++) body.push(lines[i])
    values[match[1]] = body.join('\n')
  }
  return values
}
