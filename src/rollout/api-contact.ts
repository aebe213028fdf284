import { apiErrorCode, apiErrorMessage } from '../cluster/api-errors.js'

type Trouble = 'unreachable' | 'refused' | 'silent'

/** How long after a failure a refusal (401/403) is still taken for a server coming back. */
export const RESTART_WINDOW_MS = 30_000

/**
 * What the wait last heard from the API server, and since when it has not been able to: a verdict
 * given while the server is away says so, and since when, instead of only "not ready".
 */
export class ApiContact {
  private lastHeardAt?: number
  private troubleSince?: number
  private trouble?: { kind: Trouble; message: string }
  private lastTroubleAt?: number
  private readonly askedSince: number

  /** Starts counting when the wait first asks the server. */
  constructor(private readonly now: () => number = Date.now) {
    this.askedSince = now()
  }

  /** The server answered (a list, a watch event or bookmark, an accepted watch). */
  heard(): void {
    this.lastHeardAt = this.now()
    this.troubleSince = undefined
    this.trouble = undefined
  }

  /**
   * A request failed: no answer (a transport error, a timeout, a 5xx), or a refusal (401/403) while
   * the server comes back from a restart.
   */
  failed(error: unknown): void {
    const code = apiErrorCode(error)
    const kind: Trouble = code === 401 || code === 403 ? 'refused' : 'unreachable'
    this.troubleSince ??= this.now()
    this.lastTroubleAt = this.now()
    this.trouble = { kind, message: apiErrorMessage(error) }
  }

  /**
   * Whether the server failed lately: a 401 or 403 now most likely comes from its restart (its
   * authenticator and authorizer still catching up), not from the credentials.
   */
  get recentlyFailed(): boolean {
    return this.lastTroubleAt !== undefined && this.now() - this.lastTroubleAt < RESTART_WINDOW_MS
  }

  /**
   * The server did not answer a probe: connections it accepts go unanswered (a frozen server, a
   * proxy that lost it). The silence began, at the latest, when it was last heard from (or, if it
   * never answered the wait, when the wait first asked).
   */
  silent(error: unknown): void {
    this.troubleSince ??= this.lastHeardAt ?? this.askedSince
    this.trouble = { kind: 'silent', message: apiErrorMessage(error) }
  }

  /** True while the server is known not to answer. */
  get troubled(): boolean {
    return this.trouble !== undefined
  }

  /** One line for the verdict while the server is away; undefined while it answers. */
  describe(): string | undefined {
    if (!this.trouble || this.troubleSince === undefined) return undefined
    const since = `since ${new Date(this.troubleSince).toISOString().slice(11, 19)} UTC`
    const seconds = Math.max(0, Math.round((this.now() - this.troubleSince) / 1000))
    const detail = this.trouble.message.replace(/^the API server could not be reached: /, '')
    const what = {
      unreachable: 'the API server was unreachable',
      refused: "the API server refused the run's requests",
      silent: 'the API server has not answered'
    }[this.trouble.kind]
    return `${what} ${since} (the last ${seconds} s): ${detail}`
  }
}
