import type { KubeConfig } from '@kubernetes/client-node/dist/config.js'
import type { IncomingMessage } from 'node:http'
import * as http from 'node:http'
import * as https from 'node:https'
import { errorMessage } from '../support/errors.js'
import { redactSecrets } from '../tool-runners/secret-values.js'
import { ClusterApiError, transportError } from './api-errors.js'

/** A request gets this long for its whole answer unless it says otherwise: no call may hang a run. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000

/** Connections kept open to the server: parallel requests and watches share them instead of new TLS handshakes. */
const MAX_SOCKETS = 64

/**
 * How many requests about many objects (dry runs, applies, reads) go at once: enough to hide each
 * round trip, few enough to leave the API server's shared in-flight limit (max-mutating-requests-
 * inflight, 200 by default) to everyone else.
 */
export const REQUESTS_IN_FLIGHT = 16

export interface RequestOptions {
  body?: string
  contentType?: string
  /** For the whole request, answer included; `0` for none (a watch, ended by `signal`). */
  timeoutMs?: number
  signal?: AbortSignal
}

export interface ApiResponse {
  status: number
  body: string
}

/** What the client needs of HTTP: one request with its answer, one opened stream, and an end. */
export interface Transport {
  send(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>
  open(method: string, path: string, options?: RequestOptions): Promise<IncomingMessage>
  close(): void
}

/**
 * HTTP to the API server with the kubeconfig's credentials and TLS settings, over one keep-alive pool.
 * The credentials are asked of the kubeconfig for every request: an exec plugin's or a token file's
 * token may rotate during a long wait.
 */
export class HttpTransport implements Transport {
  private readonly server: URL
  private pool?: http.Agent
  /** Aborted by close(): every request in flight or to come ends at once. */
  private readonly closed = new AbortController()

  constructor(private readonly config: KubeConfig) {
    this.server = new URL(config.getCurrentCluster()?.server ?? '')
  }

  /** One request and its whole answer, within the timeout. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const signal = this.signalFor(options)
    try {
      const response = await this.start(method, path, options, signal)
      const body = await readBody(response, signal)
      return { status: response.statusCode ?? 0, body }
    } catch (error) {
      throw this.failure(error, signal, method, path, options.timeoutMs)
    }
  }

  /**
   * Opens a request and resolves with the response as soon as its head arrives, for a caller that
   * streams the body (a watch). The response ends when `signal` aborts or the transport closes.
   */
  async open(method: string, path: string, options: RequestOptions = {}): Promise<IncomingMessage> {
    const signal = this.signalFor(options)
    try {
      return await this.start(method, path, options, signal)
    } catch (error) {
      throw this.failure(error, signal, method, path, options.timeoutMs)
    }
  }

  private async start(
    method: string,
    path: string,
    options: RequestOptions,
    signal: AbortSignal
  ): Promise<IncomingMessage> {
    const requestOptions: https.RequestOptions = {}
    try {
      await this.config.applyToHTTPSOptions(requestOptions)
    } catch (error) {
      throw new ClusterApiError(
        redactSecrets(`the kubeconfig's credentials could not be read: ${errorMessage(error)}`),
        undefined,
        undefined
      )
    }
    const headers: Record<string, string> = {
      ...(requestOptions.headers as Record<string, string> | undefined),
      Accept: 'application/json'
    }
    if (options.contentType) headers['Content-Type'] = options.contentType
    // Node sends a DELETE's body neither chunked nor with a length unless told: the length goes along.
    if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body))
    const url = new URL(path, this.server)
    const secure = url.protocol === 'https:'
    return new Promise<IncomingMessage>((resolve, reject) => {
      const request = (secure ? https : http).request(
        url,
        { ...requestOptions, agent: this.agentFor(requestOptions), method, headers, signal },
        resolve
      )
      request.on('error', reject)
      request.end(options.body)
    })
  }

  /** Ends every request in flight and the pooled connections, so the process can exit. */
  close(): void {
    this.closed.abort(new ClusterApiError('the request was cancelled: the run is over', undefined, undefined))
    this.pool?.destroy()
  }

  private signalFor(options: RequestOptions): AbortSignal {
    const signals = [this.closed.signal]
    if (options.signal) signals.push(options.signal)
    const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
    if (timeoutMs > 0) signals.push(AbortSignal.timeout(timeoutMs))
    return AbortSignal.any(signals)
  }

  /**
   * The kubeconfig's own agent when it routes through a proxy; otherwise one keep-alive pool with
   * the same TLS settings (the kubeconfig's agent opens a new connection, and handshake, per request).
   */
  private agentFor(options: https.RequestOptions): http.Agent {
    if (this.config.getCurrentCluster()?.proxyUrl) return options.agent as http.Agent
    if (!this.pool) {
      const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = options
      this.pool =
        this.server.protocol === 'https:'
          ? new https.Agent({
              keepAlive: true,
              maxSockets: MAX_SOCKETS,
              ca,
              cert,
              key,
              pfx,
              passphrase,
              servername,
              ...(rejectUnauthorized === undefined ? {} : { rejectUnauthorized })
            })
          : new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS })
    }
    return this.pool
  }

  /** What ended a request without an answer, said without the URL (it may carry userinfo). */
  private failure(
    error: unknown,
    signal: AbortSignal,
    method: string,
    path: string,
    timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS
  ): ClusterApiError {
    if (!signal.aborted) return transportError(error)
    if (signal.reason instanceof ClusterApiError) return signal.reason
    if ((signal.reason as Error | undefined)?.name === 'TimeoutError') {
      const what = `${method} ${path.split('?')[0]}`
      return new ClusterApiError(
        `the API server did not answer ${what} within ${timeoutMs / 1000}s`,
        undefined,
        undefined,
        true
      )
    }
    return transportError(signal.reason ?? error)
  }
}

async function readBody(response: IncomingMessage, signal: AbortSignal): Promise<string> {
  response.setEncoding('utf8')
  let body = ''
  const abort = (): void => {
    response.destroy(signal.reason as Error)
  }
  signal.addEventListener('abort', abort, { once: true })
  try {
    for await (const chunk of response) body += chunk as string
    return body
  } finally {
    signal.removeEventListener('abort', abort)
  }
}
