import {
  currentPodsOf,
  isOldRevisionPod,
  namespacePods,
  newReplicaSetOf,
  runningImages,
  selectedPods
} from '../../src/rollout/revision.js'
import { fixture, fixtureList } from '../fixtures.js'

describe('revisions', () => {
  const replicaSets = fixtureList('replicasets')
  const pods = [fixture('pod-ready'), fixture('pod-old-revision'), fixture('pod-crash-loop')]

  it('finds the ReplicaSet of the current revision', () => {
    expect(newReplicaSetOf(fixture('deployment-complete'), replicaSets)?.metadata.name).toBe('web-7d9c6b5f4')
  })
  it('keeps only the pods of the new revision', () => {
    expect(
      currentPodsOf(fixture('deployment-complete'), namespacePods(pods, replicaSets)).map(
        pod => pod.metadata.name
      )
    ).toEqual(['web-7d9c6b5f4-a1b2c', 'web-7d9c6b5f4-m3n4b'])
  })
  it('tells old-revision pods found by a selector apart', () => {
    expect(isOldRevisionPod(fixture('pod-old-revision'), replicaSets)).toBe(true)
    expect(isOldRevisionPod(fixture('pod-ready'), replicaSets)).toBe(false)
  })
  it('reports the running image with its digest', () => {
    expect(runningImages(fixture('pod-ready'))).toEqual({
      web: `ghcr.io/acme/web:1.4.2@sha256:${'2'.repeat(64)}`
    })
    expect(runningImages(fixture('pod-unschedulable'))).toEqual({ web: 'ghcr.io/acme/web:1.4.2' })
  })
})

describe('selectedPods', () => {
  const replicaSets = fixtureList('replicasets')
  const deployment = fixture('deployment-complete')
  const matched = [fixture('pod-ready'), fixture('pod-old-revision'), fixture('pod-unschedulable')]

  it('keeps the pods of the Deployment’s current ReplicaSet and names the Deployment', () => {
    const { pods, deployments } = selectedPods(matched, namespacePods(matched, replicaSets), [deployment])
    expect(pods.map(pod => pod.metadata.name)).toEqual(['web-7d9c6b5f4-a1b2c', 'web-7d9c6b5f4-z8y7x'])
    expect(deployments.map(found => found.metadata.name)).toEqual(['web'])
  })

  it('counts an old pod out even while its ReplicaSet is still scaled up (right after a restart)', () => {
    const scaledUp = replicaSets.map(rs => ({ ...rs, spec: { replicas: 3 } }))
    const { pods } = selectedPods(matched, namespacePods(matched, scaledUp), [deployment])
    expect(pods.map(pod => pod.metadata.name)).not.toContain('web-5f4d3c2b1-old01')
  })
})
