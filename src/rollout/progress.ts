import * as core from '@actions/core'
import { oneLine } from '../support/untrusted-text.js'
import type { RolloutState } from './rules/rule.js'

/** A message that changes without the state changing (1 of 3 → 2 of 3) is printed at most this often. */
const MESSAGE_INTERVAL_MS = 10_000

/**
 * Prints one line when an object's state changes, and its message at most every few seconds otherwise:
 * the log grows with what happens to the rollout, not with the number of watch events. An object
 * already ready when first seen prints nothing: nothing happened to it.
 */
export class ProgressLog {
  private readonly last = new Map<string, { state: RolloutState; message: string; at: number }>()
  lines = 0

  constructor(
    private readonly startedAt: number,
    private readonly print: (line: string) => void = line => core.info(line)
  ) {}

  report(name: string, state: RolloutState, message: string, now = Date.now()): void {
    const previous = this.last.get(name)
    if (!previous && state === 'Current') {
      this.last.set(name, { state, message, at: now })
      return
    }
    if (
      previous &&
      previous.state === state &&
      (previous.message === message || now - previous.at < MESSAGE_INTERVAL_MS)
    )
      return
    this.last.set(name, { state, message, at: now })
    const seconds = ((now - this.startedAt) / 1000).toFixed(1)
    const verdict = state === 'Current' ? 'ready' : state === 'Failed' ? 'FAILED' : 'waiting'
    // Messages come from conditions and events, written by controllers and tenants: one line, no controls.
    this.print(`[${seconds.padStart(6)}s] ${oneLine(name)}: ${verdict}: ${oneLine(message)}`)
    this.lines++
  }
}
