import * as core from '@actions/core'
import { spawn, type ChildProcess } from 'node:child_process'
import { constants as osConstants } from 'node:os'
import { UntrustedBlock } from '../support/untrusted-text.js'
import { describeCommand } from './command-line.js'
import { redactSecrets } from './secret-values.js'

export interface CommandResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  /** Text written to the command's standard input. */
  input?: string
  /** Return a non-zero exit instead of throwing. */
  allowFailure?: boolean
  /** Print the command's output to the log as it runs (for commands whose output is the result). */
  echo?: boolean
}

/** One run of a program, as a door (kubectl-cli, helm-cli) prepares it. */
export interface Invocation {
  /** Path of the program. */
  file: string
  /** The program and its verb, e.g. `kubectl patch`: all that logs and errors say of the command. */
  name: string
  args: string[]
  /** The child's whole environment (see childEnvironment): nothing else is inherited. */
  env: Record<string, string>
  /** The run's private folder: paths inside it are the run's own files, fit to be shown. */
  workDir: string
}

/**
 * A command failed. The message names the program and its verb, never its arguments (they may hold
 * values from inputs), and what it printed, with registered secrets redacted:
 * `kubectl patch failed: <stderr>`.
 */
export class CommandError extends Error {
  /** What the command printed, secrets redacted. */
  readonly result: CommandResult

  constructor(
    /** The program and its verb, e.g. `kubectl patch`. */
    readonly command: string,
    result: CommandResult
  ) {
    const stdout = redactSecrets(result.stdout)
    const stderr = redactSecrets(result.stderr)
    const detail = stderr.trim() || stdout.trim() || `exit code ${result.exitCode}`
    super(`${command} failed: ${detail}`)
    this.name = 'CommandError'
    this.result = { exitCode: result.exitCode, stdout, stderr }
  }
}

/** How long a child has, after SIGTERM, to end before it gets SIGKILL. */
export const STOP_GRACE_MS = 1000

/** The children running now: a cancelled run stops them (see stopRunningCommands). */
const running = new Set<ChildProcess>()

/**
 * Runs a program with arguments (no shell) and collects its output. The command line is logged
 * redacted (see describeCommand); the arguments themselves are never printed: the command runs
 * silent, and its output is echoed here when asked for.
 */
export async function runCommand(invocation: Invocation, options: RunOptions = {}): Promise<CommandResult> {
  const line = `running: ${describeCommand(invocation.name, invocation.args, invocation.workDir)}`
  if (options.echo) core.info(line)
  else core.debug(line)
  // Echoed output (helm's, any kubectl command's) may quote the cluster: printed with workflow
  // commands off, and with registered secrets redacted line by line (the runner masks them in its own
  // log only, and a secret split between two chunks would escape a chunk-wise replacement).
  const echo = options.echo ? new UntrustedBlock(text => core.info(redactSecrets(text))) : undefined
  const result = await spawnAndCollect(invocation, options.input, echo).finally(() => echo?.close())
  if (result.exitCode !== 0 && !options.allowFailure) throw new CommandError(invocation.name, result)
  return result
}

function spawnAndCollect(
  invocation: Invocation,
  input: string | undefined,
  echo: UntrustedBlock | undefined
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(invocation.file, invocation.args, {
      env: invocation.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true
    })
    running.add(child)
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    const echoOut = echo?.stream()
    const echoErr = echo?.stream()
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk)
      echoOut?.(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk)
      echoErr?.(chunk)
    })
    // A child that exits before reading its input closes the pipe: its exit code tells the story.
    child.stdin.on('error', () => undefined)
    child.stdin.end(input === undefined ? undefined : Buffer.from(input))
    child.on('error', error => {
      running.delete(child)
      reject(new Error(`${invocation.name} could not be started: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      running.delete(child)
      resolve({
        // Killed by a signal (a cancelled run stopped it): no exit code of its own.
        exitCode: code ?? 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8') || (signal ? `stopped by ${signal}` : '')
      })
    })
  })
}

/**
 * Stops every child still running (SIGTERM, then SIGKILL after STOP_GRACE_MS) and resolves once all
 * have ended, so that none keeps changing the cluster after the step ends.
 */
export async function stopRunningCommands(): Promise<void> {
  const children = [...running]
  await Promise.all(
    children.map(
      child =>
        new Promise<void>(resolve => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
          child.once('close', () => {
            clearTimeout(kill)
            resolve()
          })
          child.kill('SIGTERM')
        })
    )
  )
}
