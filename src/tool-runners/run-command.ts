import * as core from '@actions/core'
import { getExecOutput } from '@actions/exec'
import { UntrustedBlock } from '../support/untrusted-text.js'

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

/** A command failed; the message holds the command line and what it printed on stderr. */
export class CommandError extends Error {
  constructor(
    readonly commandLine: string,
    readonly result: CommandResult
  ) {
    const detail = result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`
    super(`${commandLine} failed: ${detail}`)
    this.name = 'CommandError'
  }
}

/** Runs a program with arguments (no shell) and collects its output. */
export async function runCommand(
  file: string,
  args: string[],
  env: Record<string, string>,
  options: RunOptions = {}
): Promise<CommandResult> {
  const commandLine = [file.split(/[\\/]/).pop() ?? file, ...args].join(' ')
  core.debug(`running: ${commandLine}`)
  // Echoed output (helm's, any kubectl command's) may quote the cluster: streamed with workflow commands off.
  if (options.echo) core.info(`[command]${commandLine}`)
  const echo = options.echo ? new UntrustedBlock() : undefined
  const result = await getExecOutput(file, args, {
    silent: true,
    listeners: echo && { stdout: echo.stream(), stderr: echo.stream() },
    ignoreReturnCode: true,
    env: { ...(process.env as Record<string, string>), ...env },
    input: options.input === undefined ? undefined : Buffer.from(options.input)
  }).finally(() => echo?.close())
  if (result.exitCode !== 0 && !options.allowFailure) throw new CommandError(commandLine, result)
  return result
}
