import { podFailure } from '../../src/rollout/pod-failure.js'
import { fixture } from '../fixtures.js'

describe('podFailure', () => {
  it('names image pull errors with the kubelet message', () => {
    expect(podFailure(fixture('pod-err-image-pull'))).toEqual({
      pod: 'web-7d9c6b5f4-q9w7e',
      container: 'web',
      reason: 'ErrImagePull',
      message:
        'rpc error: code = NotFound desc = failed to pull and unpack image "ghcr.io/acme/web:1.4.2": not found'
    })
  })
  it('adds the last exit code and restarts to a crash loop', () => {
    expect(podFailure(fixture('pod-crash-loop'))?.message).toMatch(
      /back-off 1m20s restarting failed container=web .* \(last exit code 1, 4 restarts\)$/
    )
  })
  it('reports an unschedulable pod', () => {
    expect(podFailure(fixture('pod-unschedulable'))?.reason).toBe('Unschedulable')
  })
  it('reports a non-zero exit when the pod will not restart', () => {
    const pod = fixture('pod-ready')
    Object.assign(pod.spec as object, { restartPolicy: 'Never' })
    Object.assign(pod.status as object, {
      containerStatuses: [{ name: 'web', state: { terminated: { exitCode: 2, reason: 'Error' } } }]
    })
    expect(podFailure(pod)).toEqual({
      pod: pod.metadata.name,
      container: 'web',
      reason: 'Error',
      message: 'exited with code 2'
    })
  })
  it('says nothing of a healthy or starting pod', () => {
    expect(podFailure(fixture('pod-ready'))).toBeUndefined()
    const starting = fixture('pod-ready')
    Object.assign(starting.status as object, {
      phase: 'Pending',
      containerStatuses: [{ name: 'web', state: { waiting: { reason: 'ContainerCreating' } } }]
    })
    expect(podFailure(starting)).toBeUndefined()
  })
})
