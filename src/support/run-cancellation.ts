import * as core from '@actions/core'

/**
 * How long a cancelled run lets what it was doing stop (its children, a phase reading back what it
 * had changed) before it reports anyway. The runner sends SIGINT, then SIGTERM 7.5 s later, then
 * SIGKILL 2.5 s after that: the report must be written well within the last.
 */
export const CANCEL_GRACE_MS = 1500

/** The signals a runner sends a step of a cancelled job (or one past its timeout). */
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/** What the run needs of the process: its signals (a test sends its own). */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown
  off(signal: NodeJS.Signals, listener: () => void): unknown
}

/**
 * The run's cancellation: the first SIGINT or SIGTERM aborts `signal`, so that the wait ends and the
 * children stop, and the step still writes its outputs and summary. Later signals change nothing.
 * Until `dispose()`, the signals no longer kill the process: the step ends once it has reported.
 */
export class RunCancellation {
  private readonly controller = new AbortController()
  private received?: NodeJS.Signals
  private readonly listeners = new Map<NodeJS.Signals, () => void>()

  constructor(
    private readonly source: SignalSource = process,
    private readonly graceMs = CANCEL_GRACE_MS
  ) {
    for (const name of SIGNALS) {
      const listener = (): void => this.cancel(name)
      this.listeners.set(name, listener)
      source.on(name, listener)
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  /** The signal that cancelled the run, if one did. */
  get requested(): NodeJS.Signals | undefined {
    return this.received
  }

  /**
   * Settles as `work` does; once the run is cancelled, resolves after at most the grace period even
   * when `work` never settles (a request to a server that stopped answering).
   */
  async within(work: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const graceOver = new Promise<void>(resolve => {
      const start = (): void => {
        timer = setTimeout(resolve, this.graceMs)
      }
      if (this.signal.aborted) start()
      else this.signal.addEventListener('abort', start, { once: true })
    })
    // Once the grace is over, `work` may still fail: nobody waits for it any more.
    work.catch(() => undefined)
    try {
      await Promise.race([work, graceOver])
    } finally {
      clearTimeout(timer)
    }
  }

  dispose(): void {
    for (const [name, listener] of this.listeners) this.source.off(name, listener)
    this.listeners.clear()
  }

  private cancel(name: NodeJS.Signals): void {
    if (this.received) return
    this.received = name
    core.info(`received ${name}: the run is cancelled; stopping, then reporting what it changed`)
    this.controller.abort(new Error(`cancelled (${name})`))
  }
}
