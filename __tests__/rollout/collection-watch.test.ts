import { jest } from '@jest/globals'
import { ClusterApiError } from '../../src/cluster/api-errors.js'
import type { ClusterClient, ObjectList, WatchEventHandler } from '../../src/cluster/client.js'
import type { KubeObject } from '../../src/kube-object.js'
import { ApiContact } from '../../src/rollout/api-contact.js'
import { CollectionWatch } from '../../src/rollout/collection-watch.js'

const pod = (name: string, resourceVersion: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', resourceVersion }
})
const unreachable = (): ClusterApiError =>
  new ClusterApiError('the API server could not be reached: read ECONNRESET', undefined, undefined, true)
const forbidden = (): ClusterApiError =>
  new ClusterApiError(
    'pods is forbidden: User "system:serviceaccount:ci:deployer" cannot list resource "pods"',
    403,
    undefined
  )
const gone = (): ClusterApiError => new ClusterApiError('too old resource version', 410, undefined)

/** An answer to one call: a value, or a failure. */
type Scripted<T> = T | ClusterApiError

/**
 * A client whose lists and watch opens answer from scripts, in order (the last answer repeats); the
 * watches it opened stay reachable, to send events and end them.
 */
function scriptedClient(lists: Scripted<ObjectList>[], watches: Scripted<'open'>[] = ['open']) {
  const opened: {
    onEvent: WatchEventHandler
    onDone: (error: ClusterApiError | undefined) => void
    from: string
  }[] = []
  const listCalls: number[] = []
  const take = <T>(script: Scripted<T>[]): Scripted<T> => (script.length > 1 ? script.shift()! : script[0])
  const client = {
    resource: () => Promise.resolve({ name: 'pods', kind: 'Pod', namespaced: true }),
    collectionPath: () => Promise.resolve('/api/v1/namespaces/shop/pods'),
    list: () => {
      listCalls.push(Date.now())
      const answer = take(lists)
      return answer instanceof ClusterApiError ? Promise.reject(answer) : Promise.resolve(answer)
    },
    watch: (
      collection: { resourceVersion: string },
      onEvent: WatchEventHandler,
      onDone: (error: ClusterApiError | undefined) => void
    ) => {
      const answer = take(watches)
      if (answer instanceof ClusterApiError) return Promise.reject(answer)
      opened.push({ onEvent, onDone, from: collection.resourceVersion })
      return Promise.resolve({ stop: () => undefined })
    }
  } as unknown as ClusterClient
  return { client, opened, listCalls }
}

const listOf = (resourceVersion: string, ...items: KubeObject[]): ObjectList => ({ items, resourceVersion })

async function until(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

let watch: CollectionWatch | undefined
beforeEach(() => {
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
})
afterEach(() => {
  watch?.stop()
  jest.restoreAllMocks()
})

const spec = { apiVersion: 'v1', kind: 'Pod', namespace: 'shop' }

describe('CollectionWatch', () => {
  it('asks for the first list again while the server cannot be reached', async () => {
    const { client, listCalls } = scriptedClient([
      unreachable(),
      unreachable(),
      listOf('10', pod('web-1', '9'))
    ])
    const contact = new ApiContact()
    watch = new CollectionWatch(
      client,
      spec,
      () => undefined,
      () => undefined,
      contact
    )
    await watch.start()
    expect(listCalls).toHaveLength(3)
    expect([...watch.objects.keys()]).toHaveLength(1)
    expect(contact.troubled).toBe(false)
  })

  it('takes a refusal of the first list as the verdict about the credentials', async () => {
    const { client, listCalls } = scriptedClient([forbidden()])
    watch = new CollectionWatch(
      client,
      spec,
      () => undefined,
      () => undefined
    )
    await expect(watch.start()).rejects.toThrow('pods is forbidden')
    expect(listCalls).toHaveLength(1)
  })

  it('waits out a refusal of the first list that comes right after the server failed (a restart)', async () => {
    const { client, listCalls } = scriptedClient([unreachable(), forbidden(), listOf('10')])
    watch = new CollectionWatch(
      client,
      spec,
      () => undefined,
      () => undefined
    )
    await watch.start()
    expect(listCalls).toHaveLength(3)
  })

  it('resumes a watch refused while the server comes back (401/403), from where it was', async () => {
    const { client, opened } = scriptedClient([listOf('10')], ['open', forbidden(), forbidden(), 'open'])
    const errors: Error[] = []
    const contact = new ApiContact()
    watch = new CollectionWatch(
      client,
      spec,
      () => undefined,
      error => errors.push(error),
      contact
    )
    await watch.start()
    await until('the first watch', () => opened.length === 1)
    opened[0].onEvent('ADDED', pod('web-1', '11'))
    opened[0].onDone(unreachable())
    expect(contact.troubled).toBe(true)
    await until('the watch to be open again', () => opened.length === 2)
    expect(opened[1].from).toBe('11')
    expect(errors).toEqual([])
    expect(contact.troubled).toBe(false)
  })

  it('lists again when the resourceVersion expired (410), through failures of its own', async () => {
    const { client, opened, listCalls } = scriptedClient(
      [listOf('10', pod('web-1', '9')), unreachable(), listOf('20', pod('web-2', '19'))],
      ['open']
    )
    const errors: Error[] = []
    watch = new CollectionWatch(
      client,
      spec,
      () => undefined,
      error => errors.push(error)
    )
    await watch.start()
    await until('the first watch', () => opened.length === 1)
    opened[0].onDone(gone())
    await until('the watch after the relist', () => opened.length === 2)
    expect(listCalls).toHaveLength(3)
    expect(opened[1].from).toBe('20')
    expect([...watch.objects.values()].map(object => object.metadata.name)).toEqual(['web-2'])
    expect(errors).toEqual([])
  })

  it('stops asking once stopped', async () => {
    const { client, listCalls } = scriptedClient([unreachable()])
    watch = new CollectionWatch(
      client,
      spec,
      () => undefined,
      () => undefined
    )
    const starting = watch.start()
    await until('a first attempt', () => listCalls.length === 1)
    watch.stop()
    await expect(starting).rejects.toThrow('was stopped')
    const attempts = listCalls.length
    await new Promise(resolve => setTimeout(resolve, 600))
    expect(listCalls).toHaveLength(attempts)
  })
})
