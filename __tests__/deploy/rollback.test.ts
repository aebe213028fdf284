import type { Change } from '../../src/deploy/change-set.js'
import { planRollback, restorable, rollBack } from '../../src/deploy/rollback.js'
import type { KubeObject } from '../../src/kube-object.js'
import { fakeClusterClient, status } from './support/fake-cluster-client.js'
import { fixture } from '../fixtures.js'

describe('rollback', () => {
  const ref = (kind: string, name: string, apiVersion = 'apps/v1') => ({
    apiVersion,
    kind,
    name,
    namespace: 'shop'
  })
  const changes: Change[] = [
    { ref: ref('Deployment', 'web'), action: 'configured', previous: fixture('deployment-complete') },
    { ref: ref('Deployment', 'new'), action: 'created' },
    { ref: ref('StatefulSet', 'db'), action: 'unchanged', previous: fixture('statefulset-complete') },
    { ref: ref('ConfigMap', 'conf', 'v1'), action: 'configured', previous: fixture('deployment-complete') }
  ]

  it('restores configured workloads only and leaves what this run created', () => {
    const plan = planRollback(changes)
    expect(plan.restore.map(change => change.ref.name)).toEqual(['web'])
    expect(plan.leftInPlace.map(change => change.ref.name)).toEqual(['new'])
  })

  it('sends back the previous spec without server-owned fields', () => {
    const object = restorable(fixture('deployment-complete'))
    expect(object.status).toBeUndefined()
    expect(object.metadata).toEqual({
      name: 'web',
      namespace: 'shop',
      annotations: { 'deployment.kubernetes.io/revision': '2' }
    })
    expect((object.spec as { replicas: number }).replicas).toBe(3)
  })
})

describe('rollBack', () => {
  const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }
  const previous = fixture('deployment-complete')
  const withImage = (image: string, resourceVersion: string): KubeObject => {
    const object = structuredClone(previous)
    const spec = object.spec as { template: { spec: { containers: { image: string }[] } } }
    spec.template.spec.containers[0].image = image
    object.metadata.resourceVersion = resourceVersion
    return object
  }
  const change = (applied: KubeObject): Change => ({ ref: web, action: 'configured', previous, applied })

  it('leaves a workload alone when someone else changed its spec after this run applied it', async () => {
    const { client, sent } = fakeClusterClient(() => ({ status: 200, body: withImage('web:theirs', '90') }))
    const result = await rollBack(client, planRollback([change(withImage('web:ours', '80'))]))
    expect(result).toEqual({
      restored: [],
      skipped: [
        'deployment/web not restored: someone else changed its spec after this run applied it; their change is kept'
      ]
    })
    expect(sent.map(request => request.method)).toEqual(['GET'])
  })

  it('asks again when a status update moved the resourceVersion between its read and its replace', async () => {
    let reads = 0
    const { client, sent } = fakeClusterClient(request => {
      if (request.method === 'GET') return { status: 200, body: withImage('web:ours', String(80 + ++reads)) }
      const precondition = (request.body as KubeObject).metadata.resourceVersion
      return precondition === '81'
        ? status(409, 'the object has been modified; please apply your changes to the latest version')
        : { status: 200, body: request.body }
    })
    const result = await rollBack(client, planRollback([change(withImage('web:ours', '80'))]))
    expect(result).toEqual({ restored: [web], skipped: [] })
    expect(sent.map(request => request.method)).toEqual(['GET', 'PUT', 'GET', 'PUT'])
    expect((sent[3].body as KubeObject).metadata.resourceVersion).toBe('82')
  })
})
