import type { KubeObject } from '../../src/kube-object.js'
import { hasRollout, statusOf } from '../../src/rollout/status.js'
import { fixture } from '../fixtures.js'

const rules = { readyConditions: {} }
const status = (object: KubeObject, readyConditions: Record<string, string> = {}) =>
  statusOf(object, { readyConditions })

describe('statusOf', () => {
  it.each([
    ['deployment-rolling', 'InProgress', '2 of 3 replicas updated'],
    ['deployment-unobserved', 'InProgress', 'waiting for the controller to observe generation 3'],
    ['deployment-complete', 'Current', '3 of 3 replicas available'],
    [
      'deployment-deadline',
      'Failed',
      'ProgressDeadlineExceeded: ReplicaSet "web-7d9c6b5f4" has timed out progressing.'
    ],
    ['statefulset-updating', 'InProgress', '1 of 3 replicas updated'],
    ['statefulset-complete', 'Current', '3 of 3 replicas ready'],
    ['daemonset-rolling', 'InProgress', '1 of 3 pods updated'],
    ['job-complete', 'Current', 'completed (1 succeeded)'],
    ['job-failed', 'Failed', 'BackoffLimitExceeded: Job has reached the specified backoff limit'],
    ['pod-ready', 'Current', 'ready'],
    ['pod-image-pull-backoff', 'Failed', 'ImagePullBackOff: Back-off pulling image "ghcr.io/acme/web:1.4.2"'],
    [
      'pod-unschedulable',
      'Failed',
      expect.stringContaining("Unschedulable: 0/3 nodes are available: 3 node(s) didn't match")
    ],
    ['crd-established', 'Current', 'established'],
    ['crd-names-pending', 'InProgress', 'waiting for Established']
  ])('%s is %s', (name, state, message) => {
    expect(status(fixture(name))).toEqual({ state, message })
  })

  it('waits for old replicas to go and for the new ones to be available', () => {
    const deployment = fixture('deployment-complete')
    Object.assign(deployment.status as object, { replicas: 4 })
    expect(status(deployment)).toEqual({ state: 'InProgress', message: '1 old replicas pending termination' })
    Object.assign(deployment.status as object, { replicas: 3, availableReplicas: 2 })
    expect(status(deployment)).toEqual({ state: 'InProgress', message: '2 of 3 replicas available' })
  })

  it('treats configuration kinds as ready once stored and knows which kinds to watch', () => {
    expect(status({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }).state).toBe('Current')
    expect(hasRollout({ apiVersion: 'v1', kind: 'ConfigMap' })).toBe(false)
    expect(hasRollout({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe(true)
    expect(hasRollout({ apiVersion: 'example.com/v1', kind: 'Widget' })).toBe(true)
    expect(
      status({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: { type: 'LoadBalancer' },
        status: {}
      }).state
    ).toBe('InProgress')
    expect(
      status({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: { type: 'LoadBalancer' },
        status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } }
      })
    ).toEqual({
      state: 'Current',
      message: 'load balancer at 1.2.3.4'
    })
    expect(
      status({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'p' },
        status: { phase: 'Pending' }
      }).state
    ).toBe('InProgress')
  })
})

describe('custom resources', () => {
  const widget = (status: Record<string, unknown>, generation = 2): KubeObject => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'shop', generation },
    status
  })

  it('waits for the controller to observe the generation first', () => {
    expect(
      status(widget({ observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True' }] })).state
    ).toBe('InProgress')
  })
  it('reads Ready, Reconciling and Stalled', () => {
    expect(
      status(
        widget({ observedGeneration: 2, conditions: [{ type: 'Ready', status: 'True', reason: 'Synced' }] })
      )
    ).toEqual({ state: 'Current', message: 'Ready: Synced' })
    expect(
      status(
        widget({
          conditions: [
            { type: 'Reconciling', status: 'True', reason: 'Progressing' },
            { type: 'Ready', status: 'True' }
          ]
        })
      ).state
    ).toBe('InProgress')
    expect(
      status(
        widget({
          conditions: [
            { type: 'Stalled', status: 'True', reason: 'InvalidSpec', message: 'size must be > 0' }
          ]
        })
      )
    ).toEqual({ state: 'Failed', message: 'Stalled: InvalidSpec: size must be > 0' })
    expect(
      status(
        widget({
          conditions: [{ type: 'Ready', status: 'False', reason: 'ProvisioningFailed', message: 'quota' }]
        })
      ).state
    ).toBe('Failed')
    expect(
      status(widget({ conditions: [{ type: 'Ready', status: 'False', reason: 'Provisioning' }] })).state
    ).toBe('InProgress')
  })
  it('uses the condition the user named for the kind', () => {
    const object = widget({
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'Healthy', status: 'False', reason: 'Warming' }
      ]
    })
    expect(status(object, { 'Widget.example.com': 'Healthy' })).toEqual({
      state: 'InProgress',
      message: 'Healthy=False: Warming'
    })
    expect(status(widget({}), { 'Widget.example.com': 'Healthy' })).toEqual({
      state: 'InProgress',
      message: 'waiting for condition Healthy'
    })
  })
  it('treats a resource without conditions as ready, unless its controller is expected to report', () => {
    expect(statusOf(widget({}), rules)).toEqual({ state: 'Current', message: 'exists' })
    expect(
      statusOf(widget({}), { readyConditions: {}, reportingKinds: new Set(['Widget.example.com']) })
    ).toEqual({
      state: 'InProgress',
      message: 'waiting for the controller to report status'
    })
  })
})
