import * as core from '@actions/core'
import { apiErrorCode, isTransient } from '../cluster/api-errors.js'
import type { ClusterApiError } from '../cluster/api-errors.js'
import type { ClusterClient, WatchHandle } from '../cluster/client.js'
import { Backoff } from '../support/backoff.js'
import { errorMessage } from '../support/errors.js'
import { refKey, toRef, withoutManagedFields, type KubeObject } from '../kube-object.js'
import { ApiContact } from './api-contact.js'

/** One collection to keep a live copy of: a kind, in a namespace (or cluster-wide), optionally filtered. */
export interface CollectionSpec {
  apiVersion: string
  kind: string
  namespace?: string
  labelSelector?: string
  fieldSelector?: string
  /** A kind the server may not serve (a CRD not installed): then the collection is simply empty. */
  optional?: boolean
}

/**
 * A live copy of one collection: one list, then one watch resumed from the last resourceVersion
 * (bookmarks keep it fresh). When the server says the version is gone (410), it lists again. Calls
 * `onChange` after every change; reading `objects` is then up to date.
 *
 * The server may go away and come back at any moment: the first lookup and list are asked again
 * while the server cannot be reached, and once the collection has been listed, every refusal of a
 * reconnecting watch or relist (401/403 from a server whose authorizer is still starting) is asked
 * again too, with backoff, until the wait stops it at its deadline. Only a refusal of the first
 * requests, with no failure of the server just before, is a verdict (the credentials may not read
 * the collection). `contact` hears of every answer
 * and every failure, so that a verdict given while the server is away can say since when.
 */
export class CollectionWatch {
  readonly objects = new Map<string, KubeObject>()
  private resourceVersion = ''
  private handle?: WatchHandle
  private readonly stopped = new AbortController()
  private readonly backoff = new Backoff()
  private path = ''

  constructor(
    private readonly client: ClusterClient,
    readonly spec: CollectionSpec,
    private readonly onChange: () => void,
    private readonly onError: (error: Error) => void,
    private readonly contact: ApiContact = new ApiContact()
  ) {}

  /** Resolves after the first list, so the caller can evaluate from a complete picture. */
  async start(): Promise<void> {
    // A refusal of the first requests is a verdict about the credentials, unless the server has just
    // failed: then it is most likely starting again.
    const retry = (error: unknown): boolean =>
      isTransient(error) || (isRefusal(error) && this.contact.recentlyFailed)
    const served = await this.untilAnswered(
      async () => !this.spec.optional || (await this.client.resource(this.spec.apiVersion, this.spec.kind)),
      retry
    )
    if (!served) {
      this.stop()
      return
    }
    this.path = await this.untilAnswered(() => this.client.collectionPath(this.spec), retry)
    await this.untilAnswered(() => this.list(), retry)
    void this.watch()
  }

  stop(): void {
    this.stopped.abort()
    this.handle?.stop()
  }

  private get isStopped(): boolean {
    return this.stopped.signal.aborted
  }

  private async list(): Promise<void> {
    const list = await this.client.list(this.spec, { signal: this.stopped.signal })
    this.contact.heard()
    this.objects.clear()
    for (const object of list.items) this.objects.set(keyOf(object), withoutManagedFields(object))
    this.resourceVersion = list.resourceVersion
    this.onChange()
  }

  private async watch(): Promise<void> {
    if (this.isStopped) return
    let gone = false
    const onEvent = (type: string, object: KubeObject & { code?: number }): void => {
      this.contact.heard()
      if (type === 'ERROR') {
        gone = object.code === 410
        return
      }
      if (object.metadata?.resourceVersion) this.resourceVersion = object.metadata.resourceVersion
      if (type === 'BOOKMARK') return
      if (type === 'DELETED') this.objects.delete(keyOf(object))
      else this.objects.set(keyOf(object), withoutManagedFields(object))
      this.onChange()
    }
    const onDone = (error: ClusterApiError | undefined): void => {
      if (this.isStopped) return
      if (gone || apiErrorCode(error) === 410) {
        core.debug(`watch of ${this.path}: resourceVersion expired, listing again`)
        this.untilAnswered(() => this.list(), isAnswerToWaitOut)
          .then(() => this.watch())
          .catch((listError: unknown) => {
            if (!this.isStopped) this.onError(listError as Error)
          })
        return
      }
      if (!error) {
        // The server ended the watch on time (its timeoutSeconds): resume at once.
        core.debug(`watch of ${this.path} ended by the server; resuming`)
        void this.watch()
        return
      }
      if (isAnswerToWaitOut(error)) this.contact.failed(error)
      const pause = this.backoff.next()
      core.debug(`watch of ${this.path} ended: ${errorMessage(error)}; resuming in ${pause} ms`)
      void this.pause(pause).then(() => this.watch())
    }
    try {
      const query = { ...this.spec, resourceVersion: this.resourceVersion }
      this.handle = await this.client.watch(query, onEvent, onDone)
      this.contact.heard()
      this.backoff.reset()
      // stop() may have come while the request was being opened: close it now, or it keeps the process alive.
      if (this.isStopped) this.handle.stop()
    } catch (error) {
      onDone(error as ClusterApiError)
    }
  }

  /**
   * Calls `call` until it succeeds, asking again after a pause when `retry` says the failure may
   * pass; rejects with any other failure, or once the watch is stopped.
   */
  private async untilAnswered<T>(call: () => Promise<T>, retry: (error: unknown) => boolean): Promise<T> {
    for (;;) {
      if (this.isStopped) throw new Error(`the watch of ${this.path || this.spec.kind} was stopped`)
      try {
        const result = await call()
        this.backoff.reset()
        return result
      } catch (error) {
        if (this.isStopped || !retry(error)) throw error
        this.contact.failed(error)
        const pause = this.backoff.next()
        core.debug(
          `${this.spec.kind} of ${this.spec.namespace ?? 'the cluster'}: ${errorMessage(error)}; asking again in ${pause} ms`
        )
        await this.pause(pause)
      }
    }
  }

  /** Resolves after `ms`, or at once when the watch is stopped. */
  private pause(ms: number): Promise<void> {
    const signal = this.stopped.signal
    return new Promise(resolve => {
      const done = (): void => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal.addEventListener('abort', done, { once: true })
    })
  }
}

/**
 * Once a collection has been listed, the credentials were good: a 401 or 403 now comes from a server
 * that is starting again (its authenticator and authorizer not synced yet), and waits out like an
 * unreachable server, within the deadline.
 */
function isAnswerToWaitOut(error: unknown): boolean {
  return isTransient(error) || isRefusal(error)
}

function isRefusal(error: unknown): boolean {
  const code = apiErrorCode(error)
  return code === 401 || code === 403
}

/** The one key format of the wait (the judge's snapshot finds objects by the same `refKey`). */
function keyOf(object: KubeObject): string {
  return refKey(toRef(object))
}
