import type { KubeObject } from '../../src/kube-object.js'
import { deploymentReadyFromPods } from '../../src/rollout/pod-readiness.js'
import { namespacePods } from '../../src/rollout/revision.js'
import { fixture, fixtureList } from '../fixtures.js'

/** The deployment controller has observed generation 2 but not yet counted the last pod available. */
function lagging(): KubeObject {
  const deployment = fixture('deployment-complete')
  Object.assign(deployment.status as object, { availableReplicas: 2, readyReplicas: 2 })
  return deployment
}

function readyPod(name: string, replicaSet = 'web-7d9c6b5f4'): KubeObject {
  const pod = fixture(replicaSet === 'web-7d9c6b5f4' ? 'pod-ready' : 'pod-old-revision')
  pod.metadata.name = name
  return pod
}

describe('deploymentReadyFromPods', () => {
  const replicaSets = fixtureList('replicasets')

  it('sees the rollout done when every pod of the new ReplicaSet is Ready', () => {
    const seen = namespacePods([readyPod('a'), readyPod('b'), readyPod('c')], replicaSets)
    expect(deploymentReadyFromPods(lagging(), seen)).toEqual({
      state: 'Current',
      message: '3 of 3 replicas available'
    })
  })

  it('leaves the decision to the Deployment while a pod is missing or not Ready', () => {
    expect(
      deploymentReadyFromPods(lagging(), namespacePods([readyPod('a'), readyPod('b')], replicaSets))
    ).toBeUndefined()
    const notReady = fixture('pod-crash-loop')
    expect(
      deploymentReadyFromPods(lagging(), namespacePods([readyPod('a'), readyPod('b'), notReady], replicaSets))
    ).toBeUndefined()
  })

  it('waits while a pod of an older ReplicaSet is still there', () => {
    const oldReplicaSets = replicaSets.map(rs => rs)
    const seen = namespacePods(
      [readyPod('a'), readyPod('b'), readyPod('c'), readyPod('old', 'web-5f4d3c2b1')],
      oldReplicaSets
    )
    expect(deploymentReadyFromPods(lagging(), seen)).toBeUndefined()
  })

  it('waits for the controller to observe the generation, and honours minReadySeconds', () => {
    const seen = namespacePods([readyPod('a'), readyPod('b'), readyPod('c')], replicaSets)
    const unobserved = lagging()
    unobserved.metadata.generation = 3
    expect(deploymentReadyFromPods(unobserved, seen)).toBeUndefined()
    const patient = lagging()
    Object.assign(patient.spec as object, { minReadySeconds: 10 })
    expect(deploymentReadyFromPods(patient, seen)).toBeUndefined()
  })
})
