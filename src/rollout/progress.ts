import * as core from '@actions/core'
import { oneLine } from '../support/untrusted-text.js'
import type { RolloutState } from './rules/rule.js'

/** A message that changes without the state changing (1 of 3 → 2 of 3) is printed at most this often. */
const MESSAGE_INTERVAL_MS = 10_000
/**
 * Past this many objects, the log is about the set: a tally of how many are ready at most every few
 * seconds, and only the objects that fail or stay not ready long enough to repeat their message.
 */
const MANY_OBJECTS = 50
const TALLY_INTERVAL_MS = 5_000

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

  private lastTally = { ready: -1, at: -Infinity }

  /** The count of what is ready, printed on change at most every few seconds, for a large set. */
  tally(ready: number, total: number, now = Date.now()): void {
    if (total <= MANY_OBJECTS || ready === this.lastTally.ready) return
    if (ready < total && now - this.lastTally.at < TALLY_INTERVAL_MS) return
    this.lastTally = { ready, at: now }
    this.print(`[${this.seconds(now)}s] ${ready} of ${total} objects ready`)
    this.lines++
  }

  report(name: string, state: RolloutState, message: string, now = Date.now(), total = 0): void {
    const previous = this.last.get(name)
    if (!previous && state === 'Current') {
      this.last.set(name, { state, message, at: now })
      return
    }
    // In a large set a first `waiting` and a `ready` are what the tally counts; failures and
    // objects still waiting with news after a while are printed.
    if (total > MANY_OBJECTS && state !== 'Failed' && (!previous || previous.state !== state)) {
      if (!previous || state === 'Current') {
        this.last.set(name, { state, message, at: now })
        return
      }
    }
    if (
      previous &&
      previous.state === state &&
      (previous.message === message || now - previous.at < MESSAGE_INTERVAL_MS)
    )
      return
    this.last.set(name, { state, message, at: now })
    const seconds = this.seconds(now)
    const verdict = state === 'Current' ? 'ready' : state === 'Failed' ? 'FAILED' : 'waiting'
    // Messages come from conditions and events, written by controllers and tenants: one line, no controls.
    this.print(`[${seconds}s] ${oneLine(name)}: ${verdict}: ${oneLine(message)}`)
    this.lines++
  }

  private seconds(now: number): string {
    return ((now - this.startedAt) / 1000).toFixed(1).padStart(6)
  }
}
