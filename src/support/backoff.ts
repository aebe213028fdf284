/**
 * Pauses between attempts that double from `firstMs` up to `maxMs`, each with up to a quarter of
 * jitter (clients that lost the same server should not all come back in the same millisecond).
 * `reset()` after a success starts again from `firstMs`.
 */
export class Backoff {
  private nextMs: number

  constructor(
    private readonly firstMs = 250,
    private readonly maxMs = 4000,
    private readonly random: () => number = Math.random
  ) {
    this.nextMs = firstMs
  }

  /** The pause before the next attempt. */
  next(): number {
    const pause = this.nextMs
    this.nextMs = Math.min(this.nextMs * 2, this.maxMs)
    return Math.round(pause * (1 - this.random() * 0.25))
  }

  reset(): void {
    this.nextMs = this.firstMs
  }
}
