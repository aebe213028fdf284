import type { Change } from '../../src/deploy/change-set.js'
import { planRollback, restorable } from '../../src/deploy/rollback.js'
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
