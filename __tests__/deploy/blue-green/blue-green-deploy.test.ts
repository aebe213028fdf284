import type { ClusterConnection } from '../../../src/cluster/connection.js'
import { planBlueGreenDeploy } from '../../../src/deploy/blue-green/blue-green-deploy.js'
import type { StrategyContext } from '../../../src/deploy/strategies/command-strategy.js'
import { getSettings } from '../../../src/inputs.js'
import type { KubeObject } from '../../../src/kube-object.js'
import type { ManifestObject } from '../../../src/manifests/load.js'
import { fixture } from '../../fixtures.js'
import { fakeClusterClient, status } from '../support/fake-cluster-client.js'

const kubeconfig = 'apiVersion: v1\nkind: Config\n'
const deployments = '/apis/apps/v1/namespaces/shop/deployments'

/** The manifests a user writes: the plain Deployment `web` and its Service. */
const entries = (): ManifestObject[] => [
  { object: fixture('deployment-complete'), source: 'k8s/web.yaml', line: 1 },
  {
    object: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] }
    },
    source: 'k8s/web.yaml',
    line: 40
  }
]

/** A cluster holding these Deployments (by name) and, when given, the live Service. */
function contextWith(objects: Record<string, KubeObject>, live?: KubeObject) {
  const { client, sent } = fakeClusterClient(request => {
    const path = request.path.split('?')[0]
    if (path === '/api/v1/namespaces/shop/services')
      return {
        status: 200,
        body: { kind: 'ServiceList', apiVersion: 'v1', metadata: {}, items: live ? [live] : [] }
      }
    const object = objects[path.slice(deployments.length + 1)]
    return object ? { status: 200, body: object } : status(404, 'not found')
  })
  const done: string[] = []
  const context: StrategyContext = {
    settings: getSettings(name => ({ kubeconfig, manifests: 'k8s/', strategy: 'blue-green' })[name] ?? ''),
    cluster: { namespace: 'shop', client } as unknown as ClusterConnection,
    workspace: process.cwd(),
    noteDone: line => done.push(line)
  }
  return { context, sent, done }
}

const names = (planned: ManifestObject[]): string[] =>
  planned.map(entry => `${entry.object.kind}/${entry.object.metadata.name}`)

describe('planBlueGreenDeploy', () => {
  it('the first deploy: blue, made live by a switch once it is ready; the plain web left and said so', async () => {
    const { context, sent, done } = contextWith({ web: fixture('deployment-complete') })
    const plan = await planBlueGreenDeploy(context, entries())
    expect(names(plan.entries)).toEqual(['Deployment/web-blue', 'Service/web', 'Service/web-preview'])
    expect(plan.before).toEqual([])
    expect(plan.after.map(phase => phase.name)).toEqual(['switch service/web to blue'])
    expect(plan.result.outcome).toBe('promoted')
    expect(done[1]).toMatch(/^deployment\/web \(not blue-green\) is left as it is/)
    expect(sent.filter(request => request.method !== 'GET')).toEqual([])
  })

  it('blue live, green left at zero by the last promote: green removed first, then applied afresh', async () => {
    const green = fixture('blue-green/deployment-web-green')
    green.spec = { ...green.spec, replicas: 0 }
    const { context } = contextWith(
      { 'web-blue': fixture('blue-green/deployment-web-blue'), 'web-green': green },
      fixture('blue-green/service-web')
    )
    const plan = await planBlueGreenDeploy(context, entries())
    expect(names(plan.entries)).toEqual(['Deployment/web-green', 'Service/web', 'Service/web-preview'])
    expect(plan.entries[1].object.spec?.selector).toEqual({ app: 'web', 'kube-deploy.dev/color': 'blue' })
    expect(plan.before.map(phase => phase.name)).toEqual(['remove the old deployment/web-green'])
    expect(plan.after).toEqual([])
    expect(plan.result.outcome).toBe('deployed')
  })

  it('refuses while a preview is pending, before anything changes', async () => {
    const { context, sent } = contextWith(
      {
        'web-blue': fixture('blue-green/deployment-web-blue'),
        'web-green': fixture('blue-green/deployment-web-green')
      },
      fixture('blue-green/service-web')
    )
    await expect(planBlueGreenDeploy(context, entries())).rejects.toThrow(
      'a blue-green preview of deployment/web is pending (green, deployed 2026-11-26T14:40:00.000Z): promote or reject it first'
    )
    expect(sent.filter(request => request.method !== 'GET')).toEqual([])
  })
})
