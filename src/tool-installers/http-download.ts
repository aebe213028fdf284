import { HttpClient } from '@actions/http-client'
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import * as os from 'node:os'
import * as path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { urlSecrets, withoutCredentials } from '../support/url-credentials.js'

/**
 * How long one file may take, retries included. The step's `timeout` only starts at the first
 * change, after the tools are installed, so without this a stalled mirror would hold the step until
 * the job's own timeout (6 hours by default).
 */
export const DOWNLOAD_TIMEOUT_MS = 120_000
const MAX_ATTEMPTS = 3
/** A published checksum is one line; anything much larger is not one. */
const MAX_TEXT_BYTES = 64 * 1024

export interface DownloadOptions {
  /** Budget of one file, every attempt included. */
  timeoutMs?: number
  /** Pause before the first retry (doubled before the next); tests shorten it. */
  retryDelayMs?: number
}

/**
 * Downloads `url` into a new file under RUNNER_TEMP and returns its path; a failed download leaves no
 * file behind. `label` (`kubectl v1.33.13`) starts every error, which also names the URL (without
 * its credentials). Goes through
 * the runner's proxy settings (https_proxy, no_proxy) like the toolkit's own downloads, and never
 * follows a redirect from https to http.
 */
export async function downloadFile(
  url: string,
  label: string,
  options: DownloadOptions = {}
): Promise<string> {
  const file = path.join(process.env.RUNNER_TEMP || os.tmpdir(), randomUUID())
  try {
    await withRetries(url, label, options, body => pipeline(body, createWriteStream(file)))
    return file
  } catch (error) {
    await rm(file, { force: true })
    throw error
  }
}

/** A small text file (a published checksum), read into memory. */
export async function downloadText(
  url: string,
  label: string,
  options: DownloadOptions = {}
): Promise<string> {
  return withRetries(url, label, options, async body => {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of body) {
      size += (chunk as Buffer).length
      if (size > MAX_TEXT_BYTES) throw new DownloadFailure(`larger than ${MAX_TEXT_BYTES} bytes`, false)
      chunks.push(chunk as Buffer)
    }
    return Buffer.concat(chunks).toString('utf8')
  })
}

/** Why one attempt failed, and whether another attempt could do better. */
class DownloadFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean
  ) {
    super(message)
  }
}

async function withRetries<T>(
  url: string,
  label: string,
  options: DownloadOptions,
  consume: (body: IncomingMessage) => Promise<T>
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS
  const deadline = Date.now() + timeoutMs
  let delayMs = options.retryDelayMs ?? 2000
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptDownload(url, deadline - Date.now(), timeoutMs, consume)
    } catch (error) {
      const failure = asFailure(error)
      if (!failure.retryable || attempt === MAX_ATTEMPTS || Date.now() + delayMs >= deadline) {
        const attempts = attempt > 1 ? ` (${attempt} attempts)` : ''
        // The mirror's URL may carry a user and password: neither is shown, in the URL or in node's message.
        const reason = urlSecrets(url).reduce(
          (text, secret) => text.split(secret).join('***'),
          failure.message
        )
        throw new Error(`${label}: download of ${withoutCredentials(url)} failed: ${reason}${attempts}`)
      }
      await new Promise(resolve => setTimeout(resolve, delayMs))
      delayMs *= 2
    }
  }
}

/**
 * One GET within `budgetMs`: headers and body both. When the budget runs out the response is
 * destroyed (or, before it arrives, dropped as soon as it does), so nothing keeps writing after.
 */
async function attemptDownload<T>(
  url: string,
  budgetMs: number,
  timeoutMs: number,
  consume: (body: IncomingMessage) => Promise<T>
): Promise<T> {
  const client = new HttpClient('kube-deploy', [], { allowRetries: false, socketTimeout: budgetMs })
  const timedOut = (): DownloadFailure =>
    new DownloadFailure(`no complete response within ${timeoutMs / 1000} s`, false)
  let body: IncomingMessage | undefined
  let expired = false
  let timer: NodeJS.Timeout | undefined
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true
      body?.destroy(timedOut())
      reject(timedOut())
    }, budgetMs)
  })
  const work = (async (): Promise<T> => {
    const response = await client.get(url)
    body = response.message
    if (expired) {
      body.destroy()
      throw timedOut()
    }
    const status = body.statusCode ?? 0
    if (status !== 200) {
      body.resume()
      const text = `HTTP ${status}${body.statusMessage ? ` ${body.statusMessage}` : ''}`
      throw new DownloadFailure(text, status >= 500 || status === 408 || status === 429)
    }
    return consume(body)
  })()
  try {
    return await Promise.race([work, expiry])
  } finally {
    clearTimeout(timer)
    client.dispose()
  }
}

/** Network trouble the next attempt may not meet; anything else (a refused redirect, a full disk) would recur. */
const TRANSIENT_CODES = ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ECONNABORTED']

function asFailure(error: unknown): DownloadFailure {
  if (error instanceof DownloadFailure) return error
  // Not `instanceof Error`: errors from node's own modules may come from another realm (e.g. in tests).
  const { code, message } = (error ?? {}) as Partial<NodeJS.ErrnoException>
  return new DownloadFailure(
    typeof message === 'string' ? message : String(error),
    code !== undefined && TRANSIENT_CODES.includes(code)
  )
}
