import type { ClusterConnection } from '../../../src/cluster/connection.js'
import type { StrategyContext } from '../../../src/deploy/strategies/command-strategy.js'
import { commandStrategy } from '../../../src/deploy/strategies/strategy-factory.js'
import { getSettings, type Command } from '../../../src/inputs.js'
import type { KubeObject } from '../../../src/kube-object.js'
import { fixture } from '../../fixtures.js'
import { fakeClusterClient, status, type SentRequest } from '../support/fake-cluster-client.js'

const kubeconfig = 'apiVersion: v1\nkind: Config\n'
const deployments = '/apis/apps/v1/namespaces/shop/deployments'
const services = '/api/v1/namespaces/shop/services'

/** promote / reject of deployment/web over a scripted cluster holding `objects` (by path) and the live Service. */
function commandOn(
  command: Command,
  objects: Record<string, KubeObject>,
  inputs: Record<string, string> = {}
) {
  const live = fixture('blue-green/service-web')
  const { client, sent } = fakeClusterClient(request => {
    const path = request.path.split('?')[0]
    if (request.method === 'GET' && path === services)
      return { status: 200, body: { kind: 'ServiceList', apiVersion: 'v1', metadata: {}, items: [live] } }
    if (request.method === 'GET' && path === `${services}/web`) return { status: 200, body: live }
    if (request.method === 'GET')
      return objects[path] ? { status: 200, body: objects[path] } : status(404, 'not found')
    return { status: 200, body: objects[path] ?? live }
  })
  const done: string[] = []
  const settings = getSettings(
    name => ({ kubeconfig, command, target: 'deployment/web', ...inputs })[name] ?? ''
  )
  const context: StrategyContext = {
    settings,
    cluster: { namespace: 'shop', client } as unknown as ClusterConnection,
    workspace: process.cwd(),
    noteDone: line => done.push(line)
  }
  return { strategy: commandStrategy(command, context), sent, done }
}

const pending = (): Record<string, KubeObject> => ({
  [`${deployments}/web-blue`]: fixture('blue-green/deployment-web-blue'),
  [`${deployments}/web-green`]: fixture('blue-green/deployment-web-green')
})
const writes = (sent: SentRequest[]): string[] =>
  sent
    .filter(request => request.method !== 'GET')
    .map(request => `${request.method} ${request.path} ${JSON.stringify(request.body ?? '')}`)

describe('command: promote of a blue-green Deployment', () => {
  it('checks green is ready, then switches the Service, then scales blue down after the delay', async () => {
    const { strategy, sent, done } = commandOn('promote', pending(), { 'scale-down-delay': '0.01' })
    const plan = await strategy.plan()
    expect(plan.blueGreen).toEqual({
      outcome: 'promoted',
      line: 'green is live: service/web selects deployment/web-green; web-blue scaled to zero after 0.01s'
    })
    expect(plan.phases.map(phase => phase.name)).toEqual([
      'check deployment/web-green is ready',
      'switch service/web to green',
      'scale down deployment/web-blue after 0.01s'
    ])
    expect(writes(sent)).toEqual([])
    // The first phase changes nothing: what it returns is what the run waits on before the switch.
    expect(await plan.phases[0].apply()).toEqual([
      { ref: expect.objectContaining({ name: 'web-green' }), action: 'unchanged', source: 'green preview' }
    ])
    expect(writes(sent)).toEqual([])
    await plan.phases[1].apply()
    expect(writes(sent)).toEqual([
      `PATCH ${services}/web?fieldManager=kube-deploy-blue-green&fieldValidation=Strict&force=true {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop"},"spec":{"selector":{"app":"web","kube-deploy.dev/color":"green"}}}`,
      `PATCH ${deployments}/web-green?fieldManager=kube-deploy-blue-green&fieldValidation=Strict {"metadata":{"annotations":{"kube-deploy.dev/preview-since":null}}}`
    ])
    await plan.phases[2].apply()
    expect(writes(sent)[2]).toBe(
      `PATCH ${deployments}/web-blue?fieldManager=kube-deploy-blue-green&fieldValidation=Strict {"spec":{"replicas":0}}`
    )
    expect(done[0]).toMatch(
      /^promote green: service\/web switches to deployment\/web-green once it is ready; web-blue scaled to zero/
    )
  })

  it('with nothing pending: nothing to do, and says what is live', async () => {
    const objects = pending()
    objects[`${deployments}/web-green`].metadata.annotations = {}
    const { strategy, done } = commandOn('promote', objects)
    const plan = await strategy.plan()
    expect(plan.phases).toEqual([])
    expect(plan.blueGreen).toBeUndefined()
    expect(done).toEqual([
      'nothing to promote: no blue-green preview of deployment/web is pending (blue is live)'
    ])
  })

  it('refuses up front a scale-down delay the timeout cannot hold', async () => {
    const { strategy, sent } = commandOn('promote', pending(), { 'scale-down-delay': '5m', timeout: '2m' })
    await expect(strategy.plan()).rejects.toThrow(
      'input "scale-down-delay": 300s is not shorter than `timeout` (120s)'
    )
    expect(writes(sent)).toEqual([])
  })

  it('with dry-run: previews the switch and the scale-down, sends nothing', async () => {
    const { strategy, sent, done } = commandOn('promote', pending(), { 'dry-run': 'true' })
    const plan = await strategy.plan()
    expect(plan.preview?.map(change => `${change.ref.kind}/${change.ref.name} ${change.action}`)).toEqual([
      'Service/web configured',
      'Deployment/web-blue configured'
    ])
    expect(done[0]).toMatch(/^dry run, not sent: promote green/)
    expect(writes(sent)).toEqual([])
  })

  it('a Deployment that is not blue-green: an error that says how to deploy it', async () => {
    const { strategy } = commandOn('promote', {})
    await expect(strategy.plan()).rejects.toThrow(
      'deployment/web has no new version to promote: neither web-blue nor web-green exists in namespace shop'
    )
  })
})

describe('command: reject of a blue-green Deployment', () => {
  it('points the preview back at blue and deletes green; the live Service is not touched', async () => {
    const objects = pending()
    objects[`${services}/web-preview`] = {
      ...fixture('blue-green/service-web'),
      metadata: { name: 'web-preview' }
    }
    const { strategy, sent } = commandOn('reject', objects)
    const plan = await strategy.plan()
    expect(plan.blueGreen).toEqual({
      outcome: 'rejected',
      line: 'green rejected: deployment/web-green deleted; service/web stays on blue'
    })
    expect(plan.preview?.map(change => `${change.ref.name} ${change.action}`)).toEqual([
      'web-preview configured',
      'web-green deleted'
    ])
    const changes = await plan.phases[0].apply()
    expect(changes.map(change => `${change.ref.name} ${change.action}`)).toEqual([
      'web-preview configured',
      'web-green deleted'
    ])
    const sentWrites = writes(sent)
    expect(sentWrites[0]).toMatch(
      new RegExp(
        `^PATCH ${services}/web-preview\\?fieldManager=kube-deploy&fieldValidation=Strict&force=true .*"kube-deploy.dev/color":"blue"`
      )
    )
    expect(sentWrites[1]).toMatch(new RegExp(`^DELETE ${deployments}/web-green`))
    expect(sentWrites.some(write => write.includes(`${services}/web?`))).toBe(false)
  })

  it('with nothing pending: nothing to do', async () => {
    const objects = pending()
    delete objects[`${deployments}/web-green`]
    const { strategy, done } = commandOn('reject', objects)
    expect((await strategy.plan()).phases).toEqual([])
    expect(done).toEqual([
      'nothing to reject: no blue-green preview of deployment/web is pending (blue is live)'
    ])
  })

  it('works on Deployments only', () => {
    expect(() => commandOn('reject', {}, { target: 'rollout/web' })).toThrow(
      'input "target": "rollout/web": reject works on Deployments with a pending preview'
    )
  })
})
