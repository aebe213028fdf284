import { errorMessage } from '../support/errors.js'
import { redactSecrets } from '../tool-runners/secret-values.js'

/**
 * A failed API call, as the client reports it to the rest of the run: the server's own message (the
 * Status `message`), credentials stripped. The client library's errors say `HTTP-Code: 403 Message:
 * ... Body: {json} Headers: {json}`, and its transport errors quote the request URL, userinfo and all.
 */
export class ClusterApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status, when the server answered. */
    readonly code: number | undefined,
    /** The Status the server sent, when it sent one. */
    readonly status: { reason?: string; message?: string } | undefined
  ) {
    super(message)
    this.name = 'ClusterApiError'
  }

  /** The name the client library and a watch's error give the status (code / statusCode). */
  get statusCode(): number | undefined {
    return this.code
  }
}

interface ClientError {
  code?: unknown
  statusCode?: unknown
  body?: unknown
}

/**
 * The server's own words from a failed API call: the Status `message` when the server sent one,
 * otherwise a one-line description, never a JSON dump, bearer tokens and URL userinfo removed.
 */
export function apiErrorMessage(error: unknown): string {
  if (error instanceof ClusterApiError) return error.message
  const { code, statusCode, body } = (error ?? {}) as ClientError
  const status = statusOf(body)
  const httpCode = typeof code === 'number' ? code : typeof statusCode === 'number' ? statusCode : undefined
  if (status?.message) return redactSecrets(status.message)
  // A body that is no Status (a proxy's page, a plain-text error) says more than the wrapper.
  if (!status && typeof body === 'string' && body.trim())
    return redactSecrets(withCode(body.trim().split('\n')[0], httpCode))
  const text = errorMessage(error)
  // The client library's own wrapper: `HTTP-Code: 401\nMessage: Unauthorized\nBody: ...`.
  const wrapped = /^HTTP-Code: (\d+)\nMessage: (.*)$/m.exec(text)
  if (wrapped) return redactSecrets(`${wrapped[2]} (HTTP ${wrapped[1]})`)
  return redactSecrets(withCode(text.split('\n')[0], httpCode))
}

/**
 * The Status `message` of a raw response the server refused, or `HTTP <status>` when the body holds
 * none (an empty body, a proxy's HTML page): never a JSON.parse failure in its place.
 */
export function responseErrorMessage(status: number, body: string): string {
  return statusOf(body)?.message ?? `HTTP ${status}`
}

function withCode(text: string, httpCode: number | undefined): string {
  return httpCode && !text.includes(String(httpCode)) ? `${text} (HTTP ${httpCode})` : text
}

/** Any error of an API call as a ClusterApiError: its message apiErrorMessage(), its code kept. */
export function toClusterApiError(error: unknown): ClusterApiError {
  if (error instanceof ClusterApiError) return error
  const { code, statusCode, body } = (error ?? {}) as ClientError
  const httpCode = typeof code === 'number' ? code : typeof statusCode === 'number' ? statusCode : undefined
  return new ClusterApiError(apiErrorMessage(error), httpCode, statusOf(body))
}

/** The Status in a response body: a JSON string (as the client library keeps it) or an object. */
function statusOf(body: unknown): { reason?: string; message?: string } | undefined {
  let parsed = body
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body)
    } catch {
      return undefined
    }
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined
  const { reason, message } = parsed as { reason?: unknown; message?: unknown }
  return {
    reason: typeof reason === 'string' ? reason : undefined,
    message: typeof message === 'string' ? message : undefined
  }
}
