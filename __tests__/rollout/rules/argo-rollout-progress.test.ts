import type { KubeObject } from '../../../src/kube-object.js'
import { describeRolloutProgress, rolloutProgress } from '../../../src/rollout/rules/argo-rollout-progress.js'
import { snapshotOf } from '../../../src/rollout/snapshot.js'
import { find, judgeCase, scenario } from '../support/scenario.js'

/** Where a captured Rollout stands, after an edit of its objects. */
function progressOf(name: string, edit: (objects: KubeObject[]) => void = () => undefined) {
  const { objects } = scenario(name)
  edit(objects)
  const rollout = find(objects, 'Rollout')
  return rolloutProgress(rollout, snapshotOf(objects).namespace(rollout.metadata.namespace ?? ''))
}

describe('rolloutProgress, as the plugin’s get rollout reads it', () => {
  it('a canary paused at a step: the step, the weight set and the pods’ share, both versions by ReplicaSet', () => {
    expect(progressOf('rollout-paused-canary')).toEqual({
      strategy: 'canary',
      step: '1/4',
      setWeight: 25,
      actualWeight: 25,
      versions: [
        { role: 'stable', replicaSet: 'web-6d4f9c7b8d', images: 'fx/web:1.0.0' },
        { role: 'canary', replicaSet: 'web-7c9b5f6d4f', images: 'fx/web:1.1.0' }
      ]
    })
  })

  it('with a traffic router the actual weight is the one it reports', () => {
    const progress = progressOf('rollout-paused-canary', objects => {
      const rollout = find(objects, 'Rollout')
      const spec = rollout.spec as { strategy: { canary: Record<string, unknown> } }
      spec.strategy.canary.trafficRouting = { nginx: { stableIngress: 'web' } }
      rollout.status = { ...rollout.status, canary: { weights: { canary: { weight: 20 } } } }
    })
    expect(progress).toMatchObject({ setWeight: 25, actualWeight: 20 })
  })

  it('past the last step the weight is 100; aborted, 0; no step index written yet, no step', () => {
    expect(progressOf('rollout-healthy')).toMatchObject({ step: '4/4', setWeight: 100, actualWeight: 100 })
    expect(progressOf('rollout-aborted')).toMatchObject({ setWeight: 0, actualWeight: 0 })
    const unindexed = progressOf('rollout-progressing', objects => {
      const rollout = find(objects, 'Rollout')
      rollout.status = { ...rollout.status, currentStepIndex: undefined, availableReplicas: 0 }
    })
    expect(unindexed).toMatchObject({ step: undefined, setWeight: 25, actualWeight: 0 })
  })

  it('a canary whose ReplicaSet is not in sight shows the pod template; several containers are named', () => {
    const progress = progressOf('rollout-paused-canary', objects => {
      objects.splice(0, objects.length, ...objects.filter(object => object.kind !== 'ReplicaSet'))
      const rollout = find(objects, 'Rollout')
      const template = rollout.spec?.template as { spec: { containers: unknown[] } }
      template.spec.containers.push({ name: 'proxy', image: 'envoy:1.30' })
    })
    expect(progress.versions).toEqual([
      { role: 'canary', replicaSet: undefined, images: 'web=fx/web:1.1.0, proxy=envoy:1.30' }
    ])
  })

  it('a blue-green Rollout: the active and the preview version', () => {
    const progress = progressOf('rollout-paused-bluegreen')
    expect(describeRolloutProgress(progress)).toBe('blue-green; active fx/web:1.0.0, preview fx/web:1.1.0')
  })

  it('a Rollout without a strategy it knows says nothing more', () => {
    const progress = progressOf('rollout-healthy', objects => {
      find(objects, 'Rollout').spec = {}
    })
    expect(describeRolloutProgress(progress)).toBe('')
  })
})

describe('the Rollout rule under command: abort', () => {
  it('reports the images of the stable pods it went back to', () => {
    const outcome = judgeCase({
      scenario: 'rollout-aborted',
      target: 'Rollout',
      policy: { waitUntil: 'aborted' }
    }).objects[0]
    expect(outcome.images).toEqual({ web: expect.stringMatching(/^fx\/web:1\.0\.0/) as unknown })
  })
})
