import { missingNamespaces, resolveNamespaces, standInNamespace } from '../../src/deploy/namespaces.js'
import type { ManifestObject } from '../../src/manifests/load.js'
import { fakeClusterClient, status } from './support/fake-cluster-client.js'

const namespace = (name: string): ManifestObject => ({
  object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
  source: 'ns.yaml',
  line: 1
})

describe('namespaces', () => {
  const existing = new Set(['shop', 'default'])
  const cluster = () =>
    fakeClusterClient(request => {
      const name = decodeURIComponent(request.path.split('/').pop() ?? '')
      return existing.has(name) ? { status: 200, body: namespace(name).object } : status(404, 'not found')
    })

  it('finds the namespaces the set creates that do not exist yet', async () => {
    const { client } = cluster()
    const entries = [
      namespace('shop'),
      namespace('preview'),
      { ...namespace('x'), object: { ...namespace('x').object, kind: 'ConfigMap' } }
    ]
    expect([...(await missingNamespaces(client, entries))]).toEqual(['preview'])
  })

  it('asks nothing when the set creates no namespace', async () => {
    const { client, sent } = cluster()
    expect((await missingNamespaces(client, [])).size).toBe(0)
    expect(sent).toEqual([])
  })

  it("stands in the step's namespace when it exists, else default", async () => {
    const { client } = cluster()
    expect(await standInNamespace(client, 'shop', new Set(['preview']))).toBe('shop')
    expect(await standInNamespace(client, 'gone', new Set(['preview']))).toBe('default')
    expect(await standInNamespace(client, 'preview', new Set(['preview']))).toBe('default')
  })

  it('places namespaced objects in the step namespace and names a kind the server does not serve', async () => {
    const { client } = cluster()
    const config: ManifestObject = {
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      source: 'c.yaml',
      line: 3
    }
    const ns = namespace('preview')
    ns.object.metadata.namespace = 'stray'
    await resolveNamespaces(client, [config, ns], 'shop')
    expect(config.object.metadata.namespace).toBe('shop')
    expect(ns.object.metadata.namespace).toBeUndefined()
    const unknown = { ...config, object: { ...config.object, kind: 'Nope' } }
    client.resource = () => Promise.resolve(undefined)
    await expect(resolveNamespaces(client, [unknown], 'shop')).rejects.toThrow(
      'c.yaml:3: the cluster does not serve kind Nope in v1'
    )
  })
})
