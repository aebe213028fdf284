import { diffChanges, itemsOf } from '../../src/deploy/change-set.js'
import type { KubeObject } from '../../src/kube-object.js'

const object = (kind: string, name: string, resourceVersion: string, apiVersion = 'v1'): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace: 'shop', resourceVersion }
})

describe('diffChanges', () => {
  it('tells created, configured and unchanged apart from resourceVersions', () => {
    const before = [object('ConfigMap', 'same', '10'), object('Deployment', 'web', '11', 'apps/v1')]
    const after = [
      object('ConfigMap', 'same', '10'),
      object('Deployment', 'web', '15', 'apps/v1'),
      object('Service', 'web', '16')
    ]
    const changes = diffChanges(before, after, o => `app.yaml (${o.kind})`)
    expect(changes.map(change => [change.ref.kind, change.action, change.source])).toEqual([
      ['ConfigMap', 'unchanged', 'app.yaml (ConfigMap)'],
      ['Deployment', 'configured', 'app.yaml (Deployment)'],
      ['Service', 'created', 'app.yaml (Service)']
    ])
    expect(changes[1].previous?.metadata.resourceVersion).toBe('11')
    expect(changes[2].ref).toEqual({ apiVersion: 'v1', kind: 'Service', name: 'web', namespace: 'shop' })
  })

  it('reads a single object or a List', () => {
    expect(itemsOf(null)).toEqual([])
    expect(itemsOf(object('ConfigMap', 'a', '1'))).toHaveLength(1)
    expect(
      itemsOf({ kind: 'List', items: [object('ConfigMap', 'a', '1'), object('ConfigMap', 'b', '1')] })
    ).toHaveLength(2)
  })
})
