import {
  abortAction,
  promoteAction,
  sendRolloutPatches,
  type RolloutAction
} from '../../src/deploy/argo-rollout-patches.js'
import type { KubeObject } from '../../src/kube-object.js'
import { find, scenario } from '../rollout/support/scenario.js'
import { fakeClusterClient, status } from './support/fake-cluster-client.js'

/** The Rollout of a captured scenario, its spec and status edited. */
function rollout(
  name: string,
  edit: { spec?: Record<string, unknown>; status?: Record<string, unknown> } = {}
): KubeObject {
  const object = find(scenario(name).objects, 'Rollout')
  object.spec = { ...object.spec, ...edit.spec }
  object.status = { ...object.status, ...edit.status }
  return object
}

type Row = [name: string, object: KubeObject, full: boolean, expected: RolloutAction]

/** The plugin's getPatches, case by case (pkg/kubectl-argo-rollouts/cmd/promote/promote.go). */
const promotions: Row[] = [
  [
    'a canary at a pause step: its pause conditions cleared',
    rollout('rollout-paused-canary'),
    false,
    {
      patches: {
        status: { status: { pauseConditions: null } },
        unified: { spec: { paused: false }, status: { pauseConditions: null } },
        changes: ['cleared 1 pause condition (CanaryPauseStep)']
      }
    }
  ],
  [
    'a blue-green preview: its pause condition cleared',
    rollout('rollout-paused-bluegreen'),
    false,
    {
      patches: {
        status: { status: { pauseConditions: null } },
        unified: { spec: { paused: false }, status: { pauseConditions: null } },
        changes: ['cleared 1 pause condition (BlueGreenPause)']
      }
    }
  ],
  [
    'paused by the user (spec.paused): unpaused, status left alone',
    rollout('rollout-spec-paused'),
    false,
    {
      patches: {
        spec: { spec: { paused: false } },
        unified: { spec: { paused: false }, status: { pauseConditions: null } },
        changes: ['set spec.paused to false']
      }
    }
  ],
  [
    'paused by the user at a pause step: both',
    rollout('rollout-paused-canary', { spec: { paused: true } }),
    false,
    {
      patches: {
        spec: { spec: { paused: false } },
        status: { status: { pauseConditions: null } },
        unified: { spec: { paused: false }, status: { pauseConditions: null } },
        changes: ['set spec.paused to false', 'cleared 1 pause condition (CanaryPauseStep)']
      }
    }
  ],
  [
    'a canary between pauses (a step running): on to the next step, never both',
    rollout('rollout-progressing'),
    false,
    {
      patches: {
        status: { status: { pauseConditions: null, currentStepIndex: 1 } },
        unified: { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: 1 } },
        changes: ['set status.currentStepIndex 0 → 1 (skipped canary step 0/4: setWeight)']
      }
    }
  ],
  [
    'a canary without a step index yet starts from step 0',
    rollout('rollout-progressing', { status: { currentStepIndex: undefined } }),
    false,
    {
      patches: {
        status: { status: { pauseConditions: null, currentStepIndex: 1 } },
        unified: { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: 1 } },
        changes: ['set status.currentStepIndex 0 → 1 (skipped canary step 0/4: setWeight)']
      }
    }
  ],
  [
    'a Healthy Rollout: not paused, nothing to promote',
    rollout('rollout-healthy'),
    false,
    { nothingToDo: 'rollout web is not paused: nothing to promote' }
  ],
  [
    'a canary past its last step, still updating: nothing to promote',
    rollout('rollout-progressing', { status: { currentStepIndex: 4 } }),
    false,
    { nothingToDo: 'rollout web is not paused: nothing to promote' }
  ],
  [
    'a blue-green Rollout being unpaused already: nothing to promote',
    rollout('rollout-paused-bluegreen', { status: { pauseConditions: [] } }),
    false,
    { nothingToDo: 'rollout web is not paused: nothing to promote' }
  ],
  [
    'an aborted Rollout: promote does not resume it, and changes nothing',
    rollout('rollout-aborted'),
    false,
    { nothingToDo: 'rollout web is aborted: promote does not resume it (a new revision applied does)' }
  ],
  [
    'full, mid update: status.promoteFull',
    rollout('rollout-paused-canary'),
    true,
    {
      patches: {
        status: { status: { promoteFull: true } },
        unified: { status: { promoteFull: true } },
        changes: ['set status.promoteFull (every remaining step, pause and analysis skipped)']
      }
    }
  ],
  [
    'full, on its stable version already: nothing to promote',
    rollout('rollout-healthy'),
    true,
    { nothingToDo: 'rollout web is fully promoted already: nothing to promote' }
  ]
]

describe('promoteAction', () => {
  it.each(promotions)('%s', (_name, object, full, expected) => {
    expect(promoteAction(object, full)).toEqual(expected)
  })

  it('names every pause condition it clears', () => {
    const object = rollout('rollout-paused-canary', {
      status: { pauseConditions: [{ reason: 'CanaryPauseStep' }, { reason: 'InconclusiveAnalysisRun' }] }
    })
    expect(promoteAction(object, false)).toMatchObject({
      patches: { changes: ['cleared 2 pause conditions (CanaryPauseStep, InconclusiveAnalysisRun)'] }
    })
  })
})

describe('abortAction', () => {
  it('sets status.abort on a Rollout mid update', () => {
    expect(abortAction(rollout('rollout-paused-canary'))).toEqual({
      patches: {
        status: { status: { abort: true } },
        unified: { status: { abort: true } },
        changes: ['set status.abort']
      }
    })
  })

  it('says so when it is aborted already, or runs its stable version', () => {
    expect(abortAction(rollout('rollout-aborted'))).toEqual({
      nothingToDo: 'rollout web is already aborted'
    })
    expect(abortAction(rollout('rollout-healthy'))).toEqual({
      nothingToDo: 'rollout web runs its stable ReplicaSet already: nothing to abort'
    })
  })
})

describe('sendRolloutPatches', () => {
  const ref = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', namespace: 'shop' }
  const path = '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web'
  const options = { fieldManager: 'kube-deploy' }
  const patches = {
    spec: { spec: { paused: false } },
    status: { status: { pauseConditions: null } },
    unified: { spec: { paused: false }, status: { pauseConditions: null } },
    changes: []
  }
  const sentOf = (sent: { method: string; path: string; body?: unknown }[]) =>
    sent.map(request => [request.method, request.path.split('?')[0], request.body])

  it('patches the status subresource, then the spec', async () => {
    const { client, sent } = fakeClusterClient(() => ({
      status: 200,
      body: { ...ref, metadata: { name: 'web' } }
    }))
    await sendRolloutPatches(client, ref, patches, options)
    expect(sentOf(sent)).toEqual([
      ['PATCH', `${path}/status`, { status: { pauseConditions: null } }],
      ['PATCH', path, { spec: { paused: false } }]
    ])
    expect(sent.map(request => request.contentType)).toEqual([
      'application/merge-patch+json',
      'application/merge-patch+json'
    ])
  })

  it('without a status subresource (a controller before v0.10): spec and status in one patch', async () => {
    const { client, sent } = fakeClusterClient(request =>
      request.path.includes('/status')
        ? status(404, 'the server could not find the requested resource')
        : { status: 200, body: { ...ref, metadata: { name: 'web' } } }
    )
    await sendRolloutPatches(client, ref, patches, options)
    expect(sentOf(sent)).toEqual([
      ['PATCH', `${path}/status`, { status: { pauseConditions: null } }],
      ['PATCH', path, { spec: { paused: false }, status: { pauseConditions: null } }]
    ])
  })

  it('stops at any other refusal, with the server’s message', async () => {
    const { client, sent } = fakeClusterClient(() =>
      status(
        403,
        'rollouts.argoproj.io "web" is forbidden: User "ci" cannot patch resource "rollouts/status"'
      )
    )
    await expect(sendRolloutPatches(client, ref, patches, options)).rejects.toThrow(
      'cannot patch resource "rollouts/status"'
    )
    expect(sent).toHaveLength(1)
  })
})
