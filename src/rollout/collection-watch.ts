import * as core from '@actions/core'
import type { ClusterApiError } from '../cluster/api-errors.js'
import type { ClusterClient, WatchHandle } from '../cluster/client.js'
import { errorMessage } from '../support/errors.js'
import { refKey, toRef, type KubeObject } from '../kube-object.js'

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

const RETRY_DELAY_MS = 1000

/**
 * A live copy of one collection: one list, then one watch resumed from the last resourceVersion
 * (bookmarks keep it fresh). When the server says the version is gone (410), it lists again. Calls
 * `onChange` after every change; reading `objects` is then up to date.
 */
export class CollectionWatch {
  readonly objects = new Map<string, KubeObject>()
  private resourceVersion = ''
  private handle?: WatchHandle
  private stopped = false
  private path = ''

  constructor(
    private readonly client: ClusterClient,
    readonly spec: CollectionSpec,
    private readonly onChange: () => void,
    private readonly onError: (error: Error) => void
  ) {}

  /** Resolves after the first list, so the caller can evaluate from a complete picture. */
  async start(): Promise<void> {
    if (this.spec.optional && !(await this.client.resource(this.spec.apiVersion, this.spec.kind))) {
      this.stopped = true
      return
    }
    this.path = await this.client.collectionPath(this.spec)
    await this.list()
    void this.watch()
  }

  stop(): void {
    this.stopped = true
    this.handle?.stop()
  }

  private async list(): Promise<void> {
    const list = await this.client.list(this.spec)
    this.objects.clear()
    for (const object of list.items) this.objects.set(keyOf(object), object)
    this.resourceVersion = list.resourceVersion
    this.onChange()
  }

  private async watch(): Promise<void> {
    if (this.stopped) return
    let gone = false
    const onEvent = (type: string, object: KubeObject & { code?: number }): void => {
      if (type === 'ERROR') {
        gone = object.code === 410
        return
      }
      if (object.metadata?.resourceVersion) this.resourceVersion = object.metadata.resourceVersion
      if (type === 'BOOKMARK') return
      if (type === 'DELETED') this.objects.delete(keyOf(object))
      else this.objects.set(keyOf(object), object)
      this.onChange()
    }
    const onDone = (error: ClusterApiError | undefined): void => {
      if (this.stopped) return
      const status = error?.code
      if (status === 401 || status === 403) {
        this.onError(
          new Error(
            `watch of ${this.path} was refused (${status}): the credentials may not watch ${this.spec.kind}`
          )
        )
        return
      }
      if (gone || status === 410) {
        core.debug(`watch of ${this.path}: resourceVersion expired, listing again`)
        this.list()
          .then(() => this.watch())
          .catch((listError: unknown) => this.onError(listError as Error))
        return
      }
      if (error) core.debug(`watch of ${this.path} ended: ${errorMessage(error)}; resuming`)
      setTimeout(() => void this.watch(), error ? RETRY_DELAY_MS : 0)
    }
    try {
      const query = { ...this.spec, resourceVersion: this.resourceVersion }
      this.handle = await this.client.watch(query, onEvent, onDone)
      // stop() may have come while the request was being opened: close it now, or it keeps the process alive.
      if (this.stopped) this.handle.stop()
    } catch (error) {
      onDone(error as ClusterApiError)
    }
  }
}

/** The one key format of the wait (the judge's snapshot finds objects by the same `refKey`). */
function keyOf(object: KubeObject): string {
  return refKey(toRef(object))
}
