import { applySetOf, parentObject } from '../../../src/deploy/removal/applyset.js'
import { Prune } from '../../../src/deploy/removal/prune.js'
import type { KubeObject } from '../../../src/kube-object.js'
import type { ManifestObject } from '../../../src/manifests/load.js'
import { fakeClusterClient, status, type SentRequest } from '../support/fake-cluster-client.js'

const set = applySetOf('web', 'shop')
const PART_OF = 'applyset.kubernetes.io/part-of'
const GROUP_KINDS = 'applyset.kubernetes.io/contains-group-kinds'

const member = (apiVersion: string, kind: string, name: string, partOf?: string): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace: 'shop', uid: `uid-${name}`, labels: partOf ? { [PART_OF]: partOf } : {} }
})

/** The cluster before the run: a parent that held ConfigMaps and Services, one member of each left. */
function cluster(parent: KubeObject | undefined) {
  return fakeClusterClient(({ method, path }: SentRequest) => {
    if (path === '/api/v1/namespaces/shop/secrets/web')
      return parent ? { status: 200, body: parent } : status(404, 'secrets "web" not found')
    if (path === '/apis/apps') return { status: 200, body: { preferredVersion: { groupVersion: 'apps/v1' } } }
    if (method === 'GET' && path.startsWith('/api/v1/namespaces/shop/configmaps?'))
      return {
        status: 200,
        // An unlabelled namesake in the answer is never pruned, whatever the server returned.
        body: {
          items: [member('v1', 'ConfigMap', 'old-conf', set.id), member('v1', 'ConfigMap', 'outsider')]
        }
      }
    if (method === 'GET' && path.startsWith('/apis/apps/v1/namespaces/shop/deployments?'))
      return { status: 200, body: { items: [member('apps/v1', 'Deployment', 'web', set.id)] } }
    if (method === 'GET' && path.includes('?labelSelector=')) return { status: 200, body: { items: [] } }
    if (method === 'PATCH' && path.startsWith('/api/v1/namespaces/shop/secrets/web'))
      return { status: 200, body: { ...parent, metadata: { name: 'web', namespace: 'shop' } } }
    if (method === 'DELETE')
      return {
        status: 200,
        body: {
          ...member('v1', 'ConfigMap', 'old-conf', set.id),
          metadata: { name: 'old-conf', deletionTimestamp: 'now' }
        }
      }
    return status(404, `unexpected ${method} ${path}`)
  })
}

const entries = (): ManifestObject[] => [
  { object: member('apps/v1', 'Deployment', 'web'), source: 'k8s/web.yaml', line: 1 }
]

describe('Prune', () => {
  it('labels the members, widens the parent before the apply, prunes by uid after it, then narrows', async () => {
    const parent = parentObject(set, { groupKinds: ['ConfigMap', 'Service'], namespaces: [] })
    const { client, sent } = cluster(parent)
    const manifests = entries()
    const prune = await Prune.start(client, 'web', 'shop', manifests)
    expect(manifests[0].object.metadata.labels).toEqual({ [PART_OF]: set.id })
    expect(sent.filter(request => request.method !== 'GET')).toEqual([])

    expect(
      (await prune.preview()).map(change => `${change.action} ${change.ref.kind}/${change.ref.name}`)
    ).toEqual(['pruned ConfigMap/old-conf'])

    const applied: string[] = []
    const phases = prune.around(
      [{ name: 'apply objects', apply: () => (applied.push('applied'), Promise.resolve([])) }],
      'Foreground'
    )
    expect(phases.map(phase => phase.name)).toEqual(['apply objects', 'prune'])
    sent.length = 0
    await phases[0].apply()
    const widened = sent.find(request => request.method === 'PATCH')?.body as KubeObject
    expect(widened.metadata.annotations?.[GROUP_KINDS]).toBe('ConfigMap,Deployment.apps,Service')
    expect(applied).toEqual(['applied'])

    sent.length = 0
    const changes = await phases[1].apply()
    expect(changes).toEqual([
      expect.objectContaining({
        ref: expect.objectContaining({ name: 'old-conf' }),
        action: 'pruned',
        source: 'applyset web'
      })
    ])
    const writes = sent.filter(request => request.method !== 'GET')
    expect(writes.map(request => `${request.method} ${request.path.split('?')[0]}`)).toEqual([
      'DELETE /api/v1/namespaces/shop/configmaps/old-conf',
      'PATCH /api/v1/namespaces/shop/secrets/web'
    ])
    expect(writes[0].body).toMatchObject({
      propagationPolicy: 'Foreground',
      preconditions: { uid: 'uid-old-conf' }
    })
    expect((writes[1].body as KubeObject).metadata.annotations?.[GROUP_KINDS]).toBe('Deployment.apps')
  })

  it('refuses another tool’s set before labelling or changing anything', async () => {
    const theirs = parentObject(set, { groupKinds: ['ConfigMap'], namespaces: [] })
    theirs.metadata.annotations = {
      ...theirs.metadata.annotations,
      'applyset.kubernetes.io/tooling': 'kubectl/v1.33.13'
    }
    const { client, sent } = cluster(theirs)
    const manifests = entries()
    await expect(Prune.start(client, 'web', 'shop', manifests)).rejects.toThrow(
      'is the ApplySet of another tool'
    )
    expect(manifests[0].object.metadata.labels).toEqual({})
    expect(sent.every(request => request.method === 'GET')).toBe(true)
  })
})
