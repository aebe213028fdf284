/**
 * What the judge remembers between two evaluations: when each transient problem was first seen. The
 * judge stays pure: it gets the memory of the last evaluation and returns the next one.
 */
export interface JudgeMemory {
  /** Problem key (pod/container/reason) → epoch milliseconds it was first seen. */
  readonly firstSeen: Readonly<Record<string, number>>
}

export const EMPTY_MEMORY: JudgeMemory = { firstSeen: {} }

/**
 * Measures how long a problem has lasted, for one evaluation at `now`. A problem not asked about in an
 * evaluation is forgotten: if it comes back, its grace starts again.
 */
export class GraceClock {
  private readonly seen: Record<string, number> = {}
  private wake?: number

  constructor(
    readonly now: number,
    private readonly memory: JudgeMemory = EMPTY_MEMORY
  ) {}

  /**
   * Whether the problem `key` has lasted `graceMs`. When it has not, the judge asks to be woken when it
   * will have, so the verdict does not wait for the next watch event.
   */
  outlasted(key: string, graceMs: number): boolean {
    const first = this.memory.firstSeen[key] ?? this.now
    this.seen[key] = first
    const elapsed = this.now - first
    if (elapsed >= graceMs) return true
    this.wakeAt(first + graceMs)
    return false
  }

  /** Asks for another evaluation at `at` even if no event comes. */
  wakeAt(at: number): void {
    if (this.wake === undefined || at < this.wake) this.wake = at
  }

  /** The memory for the next evaluation, and when it should happen at the latest. */
  result(): { memory: JudgeMemory; wakeAt?: number } {
    return { memory: { firstSeen: { ...this.seen } }, wakeAt: this.wake }
  }
}
