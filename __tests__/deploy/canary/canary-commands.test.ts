import type { ClusterConnection } from '../../../src/cluster/connection.js'
import { canaryDeployment } from '../../../src/deploy/canary/canary-deployment.js'
import type { CanaryNote } from '../../../src/deploy/canary/canary-release.js'
import type { StrategyContext } from '../../../src/deploy/strategies/command-strategy.js'
import { commandStrategy } from '../../../src/deploy/strategies/strategy-factory.js'
import { getSettings } from '../../../src/inputs.js'
import type { KubeObject } from '../../../src/kube-object.js'
import { fixture } from '../../fixtures.js'
import { fakeClusterClient, status, type SentRequest } from '../support/fake-cluster-client.js'

const kubeconfig = 'apiVersion: v1\nkind: Config\n'
const deployments = '/apis/apps/v1/namespaces/shop/deployments'

/** The canary of the live `web` (deployment-complete.json), as the server stores it. */
function storedCanary(): KubeObject {
  const live = fixture('deployment-complete')
  const manifest: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      ...live.spec,
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'ghcr.io/acme/web:1.5.0' }] }
      }
    }
  }
  const canary = canaryDeployment(manifest, 1)
  canary.metadata = { ...canary.metadata, uid: 'uid-canary', resourceVersion: '5000' }
  return canary
}

/** `command` on deployment/web in namespace shop; the API serves the live web and `canary`, if any. */
function commandOn(
  command: 'promote' | 'reject',
  canary: KubeObject | undefined,
  inputs: Record<string, string> = {}
) {
  const { client, sent } = fakeClusterClient(request => {
    const name = request.path.split('?')[0].slice(deployments.length + 1)
    if (request.method === 'GET' && name === 'web')
      return { status: 200, body: fixture('deployment-complete') }
    if (name === 'web-canary' && canary) return { status: 200, body: canary }
    return status(404, `deployments.apps "${name}" not found`)
  })
  const done: string[] = []
  const notes: CanaryNote[] = []
  const settings = getSettings(
    name => ({ kubeconfig, command, target: 'deployment/web', ...inputs })[name] ?? ''
  )
  const context: StrategyContext = {
    settings,
    cluster: { namespace: 'shop', client } as unknown as ClusterConnection,
    workspace: process.cwd(),
    noteDone: line => done.push(line),
    noteCanary: note => notes.push(note)
  }
  return { strategy: commandStrategy(command, context), sent, done, notes }
}

const requests = (sent: SentRequest[]): string[] =>
  sent.map(request => `${request.method} ${request.path.split('?')[0]} ${JSON.stringify(request.body ?? '')}`)
const live = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }
const canaryRef = { ...live, name: 'web-canary' }

describe('command: reject on deployment/web', () => {
  it('deletes the canary in the foreground, only the one it read, then waits for the live Deployment', async () => {
    const { strategy, sent, done, notes } = commandOn('reject', storedCanary())
    const plan = await strategy.plan()
    expect(plan.phases.map(phase => phase.name)).toEqual(['delete deployment/web-canary'])
    expect(plan.observed).toEqual([live])
    expect(plan.preview).toEqual([
      { ref: canaryRef, action: 'deleted', source: 'canary deployment/web-canary' }
    ])
    const made = await plan.phases[0].apply()
    expect(made).toMatchObject([{ ref: canaryRef, action: 'deleted' }])
    expect(requests(sent).at(-1)).toBe(
      `DELETE ${deployments}/web-canary {"apiVersion":"v1","kind":"DeleteOptions","propagationPolicy":"Foreground","preconditions":{"uid":"uid-canary"}}`
    )
    expect(done).toEqual(['canary rejected: deployment/web-canary deleted'])
    expect(notes).toEqual([{ state: 'rejected', stable: live, canary: canaryRef }])
    expect(await strategy.undo(made)).toMatchObject({
      restored: [],
      nothingToUndo: expect.stringMatching(/nothing to undo/)
    })
  })

  it('without a canary: says so, changes nothing, and waits for the live Deployment', async () => {
    const { strategy, sent, done, notes } = commandOn('reject', undefined)
    const plan = await strategy.plan()
    expect(plan).toEqual({ phases: [], observed: [live], alwaysWait: false })
    expect(done).toEqual(['no canary of deployment/web: nothing to reject'])
    expect(sent.every(request => request.method === 'GET')).toBe(true)
    expect(notes).toEqual([])
  })

  it('a namesake that is not a canary of web is left alone', async () => {
    const namesake = { ...storedCanary(), metadata: { name: 'web-canary', namespace: 'shop', labels: {} } }
    const { strategy, done } = commandOn('reject', namesake)
    expect((await strategy.plan()).phases).toEqual([])
    expect(done).toEqual(['no canary of deployment/web: nothing to reject'])
  })

  it('with dry-run: the delete is dry-run on the server only', async () => {
    const { strategy, sent } = commandOn('reject', storedCanary(), { 'dry-run': 'true' })
    await strategy.plan()
    expect(requests(sent).filter(request => request.startsWith('DELETE'))).toEqual([
      `DELETE ${deployments}/web-canary {"apiVersion":"v1","kind":"DeleteOptions","dryRun":["All"],"preconditions":{"uid":"uid-canary"}}`
    ])
  })
})

describe('command: promote on deployment/web', () => {
  it('without a canary: says so and waits for the live Deployment', async () => {
    const { strategy, done } = commandOn('promote', undefined)
    expect(await strategy.plan()).toEqual({ phases: [], observed: [live], alwaysWait: false })
    expect(done).toEqual(['no canary of deployment/web: nothing to promote'])
  })

  it('refuses a kind that has no rejection, naming the input', () => {
    expect(() => commandOn('reject', undefined, { target: 'sts/web' }).strategy).toThrow(
      'input "target": "sts/web": reject works on Deployments'
    )
  })

  it('refuses promote-full, which is for Argo Rollouts', async () => {
    await expect(commandOn('promote', undefined, { 'promote-full': 'true' }).strategy.plan()).rejects.toThrow(
      'input "promote-full": applies to Argo Rollouts'
    )
  })
})
