import { rolloutSpecOf, supersededSpecs } from '../../src/deploy/applied-spec.js'
import type { Change } from '../../src/deploy/change-set.js'
import type { KubeObject } from '../../src/kube-object.js'
import { fixture } from '../fixtures.js'
import { fakeClusterClient } from './support/fake-cluster-client.js'

const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }

function deployment(image: string, replicas = 3): KubeObject {
  const object = structuredClone(fixture('deployment-complete'))
  const spec = object.spec as { replicas: number; template: { spec: { containers: { image: string }[] } } }
  spec.replicas = replicas
  spec.template.spec.containers[0].image = image
  return object
}

describe('supersededSpecs', () => {
  const changes = (applied: KubeObject): Change[] => [{ ref: web, action: 'configured', applied }]

  it('names a workload whose pod template another writer replaced, with both images', async () => {
    const { client } = fakeClusterClient(() => ({ status: 200, body: deployment('web:theirs') }))
    expect(await supersededSpecs(client, changes(deployment('web:ours')))).toEqual([
      "deployment/web: another writer changed its pod template after this run applied it (it now runs web:theirs; this run applied web:ours); the rollout is no longer this run's"
    ])
  })

  it('is not fooled by an autoscaler changing replicas, nor by key order', async () => {
    const scaled = deployment('web:ours', 7)
    const reordered = { ...scaled, spec: Object.fromEntries(Object.entries(scaled.spec ?? {}).reverse()) }
    const { client } = fakeClusterClient(() => ({ status: 200, body: reordered }))
    expect(await supersededSpecs(client, changes(deployment('web:ours')))).toEqual([])
    expect(rolloutSpecOf(reordered)).toBe(rolloutSpecOf(deployment('web:ours')))
  })

  it('asks nothing about changes without a pod template or without an answer of this run', async () => {
    const { client, sent } = fakeClusterClient(() => ({ status: 500 }))
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }
    const result = await supersededSpecs(client, [
      { ref: web, action: 'configured' },
      { ref: { ...web, kind: 'ConfigMap', name: 'c' }, action: 'created', applied: config }
    ])
    expect([result, sent]).toEqual([[], []])
  })
})
