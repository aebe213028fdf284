import { referencedNames, trimVersionHistory, versionsToDelete } from '../../src/deploy/version-history.js'
import type { KubeObject } from '../../src/kube-object.js'
import type { ConfigVersion } from '../../src/manifests/versioned-config.js'
import { fakeClusterClient, status } from './support/fake-cluster-client.js'

const version = (name: string, created: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name,
    namespace: 'shop',
    uid: `uid-${name}`,
    creationTimestamp: created,
    labels: { 'kube-deploy.dev/versioned-from': 'settings' },
    ...extra
  },
  data: {}
})
const history = [
  version('settings-old', '2026-01-01T00:00:00Z'),
  version('settings-older', '2025-06-01T00:00:00Z'),
  version('settings-new', '2026-03-01T00:00:00Z'),
  version('settings-newest', '2026-04-01T00:00:00Z')
]
const names = (objects: KubeObject[]): string[] => objects.map(object => object.metadata.name)

/** A ReplicaSet kept in a Deployment's history, its template naming a ConfigMap and a Secret. */
const replicaSet = (configMap: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: `web-${configMap}`, namespace: 'shop' },
  spec: {
    replicas: 0,
    template: {
      spec: {
        containers: [{ name: 'web', image: 'web:1', envFrom: [{ configMapRef: { name: configMap } }] }],
        volumes: [{ name: 's', secret: { secretName: 'creds-abc' } }]
      }
    }
  }
})
const controllerRevision = (configMap: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ControllerRevision',
  metadata: { name: 'db-1', namespace: 'shop' },
  data: { spec: { template: { spec: { volumes: [{ name: 'c', configMap: { name: configMap } }] } } } }
})

describe('versionsToDelete', () => {
  it.each([
    ['keeps the newest N', 2, 'settings-newest', [], ['settings-old', 'settings-older']],
    ['keeps all within the limit', 4, 'settings-newest', [], []],
    [
      'always keeps the version just applied',
      1,
      'settings-old',
      [],
      ['settings-newest', 'settings-new', 'settings-older']
    ],
    [
      'keeps what something references',
      1,
      'settings-newest',
      ['settings-older'],
      ['settings-new', 'settings-old']
    ]
  ])('%s', (_what, keep, applied, referenced, deleted) => {
    expect(names(versionsToDelete(structuredClone(history), keep, applied, new Set(referenced)))).toEqual(
      deleted
    )
  })

  it('leaves versions already being deleted to their deletion', () => {
    const terminating = version('settings-gone', '2020-01-01T00:00:00Z', {
      deletionTimestamp: '2026-05-01T00:00:00Z'
    })
    expect(names(versionsToDelete([...history, terminating], 3, 'settings-newest', new Set()))).toEqual([
      'settings-older'
    ])
  })
})

describe('referencedNames', () => {
  it('reads the templates of workloads, ReplicaSets and ControllerRevisions, by kind', () => {
    const objects = [replicaSet('settings-old'), controllerRevision('settings-new')]
    expect([...referencedNames(objects, 'ConfigMap')]).toEqual(['settings-old', 'settings-new'])
    expect([...referencedNames(objects, 'Secret')]).toEqual(['creds-abc'])
  })
})

describe('trimVersionHistory', () => {
  const settings: ConfigVersion = {
    kind: 'ConfigMap',
    namespace: 'shop',
    name: 'settings',
    versionName: 'settings-newest',
    maxHistory: 2,
    referencedBy: ['deployment/web']
  }
  const listOf = (items: KubeObject[]) => ({
    status: 200,
    body: { items, metadata: { resourceVersion: '1' } }
  })

  it('deletes the oldest versions no ReplicaSet references, each by its uid', async () => {
    const { client, sent } = fakeClusterClient(request => {
      if (request.method === 'DELETE') return { status: 200, body: { kind: 'Status', status: 'Success' } }
      if (request.path.startsWith('/api/v1/namespaces/shop/configmaps')) return listOf(history)
      if (request.path.startsWith('/apis/apps/v1/namespaces/shop/replicasets'))
        return listOf([replicaSet('settings-older')])
      return listOf([])
    })
    const done = await trimVersionHistory(client, [settings])
    expect(done).toEqual([
      'configmap/settings: 3 versions kept (at most 2, and any still referenced); deleted settings-old'
    ])
    const list = sent.find(request => request.path.includes('configmaps'))
    expect(list?.path).toBe(
      '/api/v1/namespaces/shop/configmaps?labelSelector=kube-deploy.dev%2Fversioned-from%3Dsettings'
    )
    const deletes = sent.filter(request => request.method === 'DELETE')
    expect(deletes.map(request => [request.path, request.body])).toEqual([
      [
        '/api/v1/namespaces/shop/configmaps/settings-old',
        { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: 'uid-settings-old' } }
      ]
    ])
  })

  it('deletes nothing when what may reference a version cannot be read', async () => {
    const { client, sent } = fakeClusterClient(request => {
      if (request.path.startsWith('/api/v1/namespaces/shop/configmaps')) return listOf(history)
      if (request.path.includes('/pods')) return status(403, 'pods is forbidden')
      return listOf([])
    })
    expect(await trimVersionHistory(client, [settings])).toEqual([])
    expect(sent.filter(request => request.method === 'DELETE')).toEqual([])
  })

  it('deletes nothing when the version this run names was never stored', async () => {
    const { client, sent } = fakeClusterClient(() => listOf(history))
    expect(await trimVersionHistory(client, [{ ...settings, versionName: 'settings-unapplied' }])).toEqual([])
    expect(sent.map(request => request.method)).toEqual(['GET'])
  })

  it('asks nothing without a history limit, and deletes nothing within it', async () => {
    const { client, sent } = fakeClusterClient(() => listOf(history.slice(2)))
    expect(await trimVersionHistory(client, [{ ...settings, maxHistory: undefined }])).toEqual([])
    expect(sent).toEqual([])
    expect(await trimVersionHistory(client, [settings])).toEqual([])
    expect(sent.map(request => request.method)).toEqual(['GET'])
  })
})
