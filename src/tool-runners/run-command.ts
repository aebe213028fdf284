import * as core from '@actions/core'
import { getExecOutput } from '@actions/exec'
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

/**
 * Runs a program with arguments (no shell) and collects its output. The command line is logged
 * redacted (see describeCommand); @actions/exec's own `[command]` line, which holds every argument,
 * is never printed: the command runs silent, and its output is echoed here when asked for.
 */
export async function runCommand(invocation: Invocation, options: RunOptions = {}): Promise<CommandResult> {
  const line = `running: ${describeCommand(invocation.name, invocation.args, invocation.workDir)}`
  if (options.echo) core.info(line)
  else core.debug(line)
  // Echoed output (helm's, any kubectl command's) may quote the cluster: printed with workflow
  // commands off, and with registered secrets redacted line by line (the runner masks them in its own
  // log only, and a secret split between two chunks would escape a chunk-wise replacement).
  const echo = options.echo ? new UntrustedBlock(text => core.info(redactSecrets(text))) : undefined
  const result = await getExecOutput(invocation.file, invocation.args, {
    silent: true,
    ignoreReturnCode: true,
    env: invocation.env,
    input: options.input === undefined ? undefined : Buffer.from(options.input),
    listeners: echo && { stdout: echo.stream(), stderr: echo.stream() }
  }).finally(() => echo?.close())
  if (result.exitCode !== 0 && !options.allowFailure) throw new CommandError(invocation.name, result)
  return result
}
