import * as core from '@actions/core'
import { getExecOutput } from '@actions/exec'
import { StringDecoder } from 'node:string_decoder'
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
  const [out, err] = [new EchoLines(), new EchoLines()]
  const result = await getExecOutput(invocation.file, invocation.args, {
    silent: true,
    ignoreReturnCode: true,
    env: invocation.env,
    input: options.input === undefined ? undefined : Buffer.from(options.input),
    listeners: options.echo ? { stdout: data => out.write(data), stderr: data => err.write(data) } : undefined
  })
  out.flush()
  err.flush()
  if (result.exitCode !== 0 && !options.allowFailure) throw new CommandError(invocation.name, result)
  return result
}

/**
 * Echoes a command's output line by line, registered secrets redacted: the runner masks them too, but
 * only in its own log, and a secret split between two chunks would escape a chunk-wise replacement.
 */
class EchoLines {
  private pending = ''
  private readonly decoder = new StringDecoder('utf8')

  write(data: Buffer): void {
    const text = this.pending + this.decoder.write(data)
    const end = text.lastIndexOf('\n') + 1
    this.pending = text.slice(end)
    if (end > 0) process.stdout.write(redactSecrets(text.slice(0, end)))
  }

  flush(): void {
    this.pending += this.decoder.end()
    if (this.pending) process.stdout.write(`${redactSecrets(this.pending)}\n`)
    this.pending = ''
  }
}
