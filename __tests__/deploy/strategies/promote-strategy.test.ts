import type { ClusterConnection } from '../../../src/cluster/connection.js'
import type { StrategyContext } from '../../../src/deploy/strategies/command-strategy.js'
import { commandStrategy } from '../../../src/deploy/strategies/strategy-factory.js'
import { getSettings, type Command } from '../../../src/inputs.js'
import type { KubeObject } from '../../../src/kube-object.js'
import { find, scenario } from '../../rollout/support/scenario.js'
import { fakeClusterClient, status, type SentRequest } from '../support/fake-cluster-client.js'

const kubeconfig = 'apiVersion: v1\nkind: Config\n'
const ref = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', namespace: 'shop' }
const path = '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web'

/** A command on rollout/web in namespace shop, the API serving `live` (or no Rollout at all). */
function commandOn(command: Command, live: KubeObject | undefined, inputs: Record<string, string> = {}) {
  const { client, sent } = fakeClusterClient(request => {
    if (!live) return status(404, 'rollouts.argoproj.io "web" not found')
    return { status: 200, body: request.method === 'GET' ? live : { ...live, status: {} } }
  })
  const done: string[] = []
  const settings = getSettings(
    name => ({ kubeconfig, command, target: 'rollout/web', ...inputs })[name] ?? ''
  )
  const context: StrategyContext = {
    settings,
    cluster: { namespace: 'shop', client } as unknown as ClusterConnection,
    workspace: process.cwd(),
    noteDone: line => done.push(line)
  }
  return { strategy: () => commandStrategy(command, context), sent, done }
}

const rolloutOf = (name: string): KubeObject => find(scenario(name).objects, 'Rollout')
const requests = (sent: SentRequest[]): string[] =>
  sent.map(request => `${request.method} ${request.path.split('?')[0]} ${JSON.stringify(request.body ?? '')}`)

describe('command: promote', () => {
  it('on a paused Rollout: one phase that clears its pause conditions, says so, and waits as wait-until says', async () => {
    const { strategy, sent, done } = commandOn('promote', rolloutOf('rollout-paused-canary'), {
      'wait-until': 'paused'
    })
    const plan = await strategy().plan()
    expect(plan).toMatchObject({ observed: [], alwaysWait: false, waitUntil: 'paused' })
    expect(plan.phases.map(phase => phase.name)).toEqual(['promote rollout/web'])
    expect(requests(sent)).toEqual([`GET ${path} ""`])
    expect(await plan.phases[0].apply()).toEqual([{ ref, action: 'configured', source: 'promote' }])
    expect(requests(sent).slice(1)).toEqual([`PATCH ${path}/status {"status":{"pauseConditions":null}}`])
    expect(done).toEqual(['cleared 1 pause condition (CanaryPauseStep) on rollout/web'])
  })

  it('with dry-run: plans the same patch, says what it would send, and sends nothing while planning', async () => {
    const { strategy, sent, done } = commandOn('promote', rolloutOf('rollout-paused-canary'), {
      'dry-run': 'true'
    })
    const plan = await strategy().plan()
    expect(requests(sent)).toEqual([`GET ${path} ""`])
    expect(plan.preview).toEqual([{ ref, action: 'configured', source: 'promote' }])
    expect(done).toEqual(['dry run, not sent: cleared 1 pause condition (CanaryPauseStep) on rollout/web'])
  })

  it('promote-full: status.promoteFull', async () => {
    const { strategy, sent, done } = commandOn('promote', rolloutOf('rollout-paused-bluegreen'), {
      'promote-full': 'true'
    })
    const plan = await strategy().plan()
    await plan.phases[0].apply()
    expect(requests(sent).slice(1)).toEqual([`PATCH ${path}/status {"status":{"promoteFull":true}}`])
    expect(done).toEqual([
      'set status.promoteFull (every remaining step, pause and analysis skipped) on rollout/web'
    ])
  })

  it('on a Rollout that is not paused: changes nothing, says so, and still waits for it', async () => {
    const { strategy, sent, done } = commandOn('promote', rolloutOf('rollout-healthy'))
    expect(await strategy().plan()).toEqual({
      phases: [],
      observed: [ref],
      alwaysWait: false,
      waitUntil: 'ready'
    })
    expect(done).toEqual(['rollout web is not paused: nothing to promote'])
    expect(sent.map(request => request.method)).toEqual(['GET'])
  })

  it('has nothing to undo', async () => {
    const { strategy } = commandOn('promote', rolloutOf('rollout-paused-canary'))
    expect(await strategy().undo([{ ref, action: 'configured' }])).toEqual({
      restored: [],
      nothingToUndo: 'a promotion has nothing to undo (`command: abort` takes the rollout back to stable)'
    })
  })

  it('fails on a Rollout that does not exist, changing nothing', async () => {
    const { strategy, sent } = commandOn('promote', undefined)
    await expect(strategy().plan()).rejects.toThrow(
      'input "target": not found: rollout/web in namespace shop'
    )
    expect(sent.map(request => request.method)).toEqual(['GET'])
  })

  it.each(['sts/web', 'job/web'])('on %s: an error naming the input', target => {
    const { strategy } = commandOn('promote', undefined, { target })
    expect(strategy).toThrow(`input "target": "${target}": promote works on argoproj.io Rollouts`)
  })
})

describe('command: abort', () => {
  it('sets status.abort and waits for the aborted state', async () => {
    const { strategy, sent, done } = commandOn('abort', rolloutOf('rollout-paused-canary'))
    const plan = await strategy().plan()
    expect(plan).toMatchObject({ observed: [], waitUntil: 'aborted' })
    await plan.phases[0].apply()
    expect(requests(sent).slice(1)).toEqual([`PATCH ${path}/status {"status":{"abort":true}}`])
    expect(done).toEqual(['set status.abort on rollout/web'])
  })

  it('of an aborted Rollout: says so and waits for it to be back on stable', async () => {
    const { strategy, done } = commandOn('abort', rolloutOf('rollout-aborted'))
    expect(await strategy().plan()).toMatchObject({ phases: [], observed: [ref], waitUntil: 'aborted' })
    expect(done).toEqual(['rollout web is already aborted'])
  })

  it('works on Rollouts only, and has nothing to undo', async () => {
    expect(commandOn('abort', undefined, { target: 'deployment/web' }).strategy).toThrow(
      'input "target": "deployment/web": abort works on argoproj.io Rollouts'
    )
    const { strategy } = commandOn('abort', rolloutOf('rollout-paused-canary'))
    expect((await strategy().undo([])).nothingToUndo).toBe(
      'an abort has nothing to undo: the rollout stays aborted until a new revision is applied'
    )
  })
})
