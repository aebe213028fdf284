import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'
import { StringDecoder } from 'node:string_decoder'

/*
 * Text from the cluster or an app (events, termination messages, conditions, logs, kubectl's output)
 * can hold anything. The runner reads every line of the step's output that starts with `::` (after
 * leading blanks) as a workflow command: `::add-mask::`, `::warning::`, `::stop-commands::`... and
 * it splits lines at `\r` as well as `\n`. So such text is never printed as is: control characters
 * go, and a block of it is printed with workflow commands turned off around it.
 */

// ANSI escapes: CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC \`, possibly cut off), two-character ones.
const ANSI_ESCAPE = new RegExp(
  String.raw`\u001b(?:\[[0-?]*[ -/]*[@-~]?|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[ -~]?)`,
  'g'
)
// C0 and C1 controls and DEL, except tab and the line breaks (handled apart).
const CONTROL = new RegExp(String.raw`[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]`, 'g')
// Half of a surrogate pair on its own: not a character; written out it becomes U+FFFD anyway.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** The text without ANSI escapes and control characters (tab kept); `\r\n` and a lone `\r` become `\n`. */
export function stripControl(text: string): string {
  return text
    .replace(ANSI_ESCAPE, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(LONE_SURROGATE, '\uFFFD')
}

/**
 * The text on one line: control characters stripped, line breaks (and the blanks around them)
 * collapsed to one space. For text printed after a prefix of ours (`[ 1.2s] deployment/web: …`) or
 * inside a command that escapes its data (`core.setFailed`): at the start of a line it could still
 * read as a command, so a block of text goes through `printUntrusted` instead.
 */
export function oneLine(text: string): string {
  return stripControl(text)
    .replace(/\s*\n\s*/g, ' ')
    .trim()
}

/**
 * A block of the log in which workflow commands are off: `::stop-commands::<token>` first, `::<token>::`
 * last, with a token no one can know in advance (a fresh random UUID per block). Lines are printed
 * with control characters stripped and the token (in any case) replaced, so that even a line written
 * by someone watching the live log cannot end the block early.
 */
export class UntrustedBlock {
  private readonly token = randomUUID()
  private readonly tokenPattern = new RegExp(this.token, 'gi')
  private readonly pending: { decoder: StringDecoder; rest: string }[] = []
  private closed = false

  constructor(private readonly print: (line: string) => void = line => core.info(line)) {
    this.print(`::stop-commands::${this.token}`)
  }

  /** Prints text, one log line per line of it. */
  write(text: string): void {
    for (const line of stripControl(text).split('\n')) this.print(line.replace(this.tokenPattern, '***'))
  }

  /**
   * A sink for one output stream of a process (chunks as they come): complete lines are printed at
   * once, a partial one when the rest of it arrives or when the block closes.
   */
  stream(): (chunk: Buffer) => void {
    const state = { decoder: new StringDecoder('utf8'), rest: '' }
    this.pending.push(state)
    return chunk => {
      const text = state.rest + state.decoder.write(chunk)
      const end = text.lastIndexOf('\n')
      state.rest = text.slice(end + 1)
      if (end >= 0) this.write(text.slice(0, end))
    }
  }

  /** Prints what the streams still hold, then turns workflow commands back on. Once only. */
  close(): void {
    if (this.closed) return
    this.closed = true
    for (const state of this.pending) {
      const rest = state.rest + state.decoder.end()
      if (rest) this.write(rest)
    }
    this.print(`::${this.token}::`)
  }
}

/** Prints cluster or app text (one string or several, each possibly of several lines) as one block. */
export function printUntrusted(
  text: string | string[],
  print: (line: string) => void = line => core.info(line)
): void {
  const block = new UntrustedBlock(print)
  for (const part of typeof text === 'string' ? [text] : text) block.write(part)
  block.close()
}
