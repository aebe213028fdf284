import { errorMessage } from '../support/errors.js'
import { redactSecrets } from '../tool-runners/secret-values.js'

/** The Status object the API server sends with a refusal (metav1.Status). */
export interface ApiStatus {
  reason?: string
  message?: string
  code?: number
  details?: { name?: string; kind?: string; causes?: { field?: string; message?: string }[] }
}

/**
 * A failed API call, as the client reports it to the rest of the run: the server's own message (the
 * Status `message`), or what kept the request from an answer. Credentials never appear in it: the
 * message is built from the Status or from the transport error's code, never from a request URL.
 */
export class ClusterApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status, when the server answered. */
    readonly code: number | undefined,
    /** The Status the server sent, when it sent one. */
    readonly status: ApiStatus | undefined,
    /**
     * True when the server gave no verdict about the request (unreachable, no answer in time, 429,
     * 5xx): the same request may succeed when asked again.
     */
    readonly transient = false
  ) {
    super(message)
    this.name = 'ClusterApiError'
  }
}

/** HTTP statuses that say nothing about the request itself: the server is busy, restarting or behind a proxy. */
const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504])

/**
 * The one reading of a refused API call: the Status `message` when the body holds one, otherwise
 * `HTTP <code>` (an empty body, a proxy's HTML page) — never a JSON dump, never a JSON.parse error.
 */
export function errorFromResponse(code: number, body: string): ClusterApiError {
  const status = parseStatus(body)
  const message = status?.message ? redactSecrets(status.message) : `HTTP ${code}`
  return new ClusterApiError(message, code, status, TRANSIENT_STATUSES.has(code))
}

/**
 * A request that got no answer. Node's transport errors name the peer (`connect ECONNREFUSED
 * 127.0.0.1:6443`), never the request URL, so they carry no userinfo; secrets are redacted anyway.
 */
export function transportError(error: unknown): ClusterApiError {
  if (error instanceof ClusterApiError) return error
  return new ClusterApiError(
    redactSecrets(`the API server could not be reached: ${errorMessage(error)}`),
    undefined,
    undefined,
    true
  )
}

/** The message of any error of an API call, for a log line or the summary. */
export function apiErrorMessage(error: unknown): string {
  return error instanceof ClusterApiError ? error.message : redactSecrets(errorMessage(error))
}

/** The HTTP status of a failed API call, when the server answered. */
export function apiErrorCode(error: unknown): number | undefined {
  return error instanceof ClusterApiError ? error.code : undefined
}

/** True when asking again may help: see ClusterApiError.transient. */
export function isTransient(error: unknown): boolean {
  return error instanceof ClusterApiError && error.transient
}

/** The Status in a response body, or undefined when the body is no JSON object (HTML, text, empty). */
export function parseStatus(body: string): ApiStatus | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined
  const { reason, message, code, details } = parsed as Record<string, unknown>
  return {
    reason: typeof reason === 'string' ? reason : undefined,
    message: typeof message === 'string' ? message : undefined,
    code: typeof code === 'number' ? code : undefined,
    details: typeof details === 'object' && details !== null ? details : undefined
  }
}

/**
 * The JSON body of an answer the caller expects to be an object: a body that is no JSON (a proxy's
 * HTML page with status 200) is a ClusterApiError, never a JSON.parse crash.
 */
export function parseAnswer<T>(response: { status: number; body: string }): T {
  try {
    return JSON.parse(response.body) as T
  } catch {
    throw new ClusterApiError(
      `the API server's answer is no JSON (HTTP ${response.status})`,
      response.status,
      undefined,
      true
    )
  }
}
