import type { KubeObject } from '../kube-object.js'
import { ClusterApiError, errorFromResponse, transportError } from './api-errors.js'
import type { Transport } from './http-transport.js'

/** One line of a watch: ADDED, MODIFIED, DELETED, BOOKMARK, or ERROR with a Status as the object. */
export type WatchEventHandler = (type: string, object: KubeObject & { code?: number }) => void

/** Ends a watch; `done` is not called for a watch its caller stopped. */
export interface WatchHandle {
  stop(): void
}

/**
 * A watch that sends nothing for this long is presumed dead (a frozen server, a dropped connection
 * that no RST announced): with bookmarks on, a live server speaks about once a minute.
 */
const IDLE_TIMEOUT_MS = 90_000
/**
 * A watch must be accepted (its response head arrive) within this long: a server that is starting,
 * or frozen, may take a connection and answer nothing, and a watch has no timeout of its own.
 */
export const WATCH_OPEN_TIMEOUT_MS = 15_000
/** The server ends each watch after this, so that a connection never lives on through a stale proxy. */
const SERVER_TIMEOUT_SECONDS = 300
/** The longest line a watch may send before it is judged broken: far above any real object. */
const MAX_LINE_BYTES = 64 * 1024 * 1024

/**
 * Opens a watch and streams its events to `onEvent`. Resolves once the server accepted it; a refusal
 * (401, 403, 410, 5xx) rejects with the server's Status as a ClusterApiError. After that, `onDone`
 * reports how the watch ended: undefined when the server closed it cleanly, else the error.
 */
export async function openWatch(
  transport: Transport,
  path: string,
  query: Record<string, string | number | boolean | undefined>,
  onEvent: WatchEventHandler,
  onDone: (error: ClusterApiError | undefined) => void
): Promise<WatchHandle> {
  const stopped = new AbortController()
  const params = new URLSearchParams({ watch: 'true', timeoutSeconds: String(SERVER_TIMEOUT_SECONDS) })
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value))
  const unanswered = new AbortController()
  const openTimer = setTimeout(
    () =>
      unanswered.abort(
        new ClusterApiError(
          `the API server did not accept the watch of ${path} within ${WATCH_OPEN_TIMEOUT_MS / 1000}s`,
          undefined,
          undefined,
          true
        )
      ),
    WATCH_OPEN_TIMEOUT_MS
  )
  let response: Awaited<ReturnType<Transport['open']>>
  try {
    response = await transport.open('GET', `${path}?${params.toString()}`, {
      timeoutMs: 0,
      signal: AbortSignal.any([stopped.signal, unanswered.signal])
    })
  } finally {
    clearTimeout(openTimer)
  }
  if (response.statusCode !== 200) {
    let body = ''
    response.setEncoding('utf8')
    for await (const chunk of response) body += chunk as string
    throw errorFromResponse(response.statusCode ?? 0, body)
  }
  let finished = false
  const finish = (error: ClusterApiError | undefined): void => {
    if (finished || stopped.signal.aborted) return
    finished = true
    onDone(error)
  }
  let pending = ''
  response.setEncoding('utf8')
  response.setTimeout(IDLE_TIMEOUT_MS, () =>
    response.destroy(
      new ClusterApiError(
        `the watch of ${path} sent nothing for ${IDLE_TIMEOUT_MS / 1000}s`,
        undefined,
        undefined,
        true
      )
    )
  )
  response.on('data', (chunk: string) => {
    pending += chunk
    let newline = pending.indexOf('\n')
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim()
      pending = pending.slice(newline + 1)
      newline = pending.indexOf('\n')
      if (!line) continue
      let event: { type?: string; object?: KubeObject & { code?: number } }
      try {
        event = JSON.parse(line) as typeof event
      } catch {
        response.destroy(
          new ClusterApiError(`the watch of ${path} sent a line that is no JSON`, undefined, undefined, true)
        )
        return
      }
      if (event.type && event.object) onEvent(event.type, event.object)
    }
    if (pending.length > MAX_LINE_BYTES)
      response.destroy(
        new ClusterApiError(`the watch of ${path} sent an endless line`, undefined, undefined, true)
      )
  })
  response.on('end', () => finish(undefined))
  response.on('error', error => finish(transportError(error)))
  response.on('close', () =>
    finish(response.complete ? undefined : transportError(new Error('connection closed')))
  )
  return { stop: () => stopped.abort() }
}
