import {
  serviceWarnings,
  sharedConfigWarnings,
  turnIntoCanary
} from '../../../src/deploy/canary/canary-release.js'
import { canaryDeployment } from '../../../src/deploy/canary/canary-deployment.js'
import type { KubeObject } from '../../../src/kube-object.js'
import type { ManifestObject } from '../../../src/manifests/load.js'
import { fixture } from '../../fixtures.js'
import { fakeClusterClient, status } from '../support/fake-cluster-client.js'

const deployments = '/apis/apps/v1/namespaces/shop/deployments'

function deployment(name: string, image = 'ghcr.io/acme/web:1.5.0'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'web', image, envFrom: [{ configMapRef: { name: 'settings' } }] }]
        }
      }
    }
  }
}
const service: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: {} }
const entry = (object: KubeObject, line: number): ManifestObject => ({ object, source: 'k8s/app.yaml', line })

/** The API serves the live web of deployment-complete.json (10 replicas), and nothing else. */
function client(liveReplicas = 10) {
  return fakeClusterClient(request => {
    if (request.method === 'GET' && request.path.split('?')[0] === `${deployments}/web`) {
      const live = fixture('deployment-complete')
      return { status: 200, body: { ...live, spec: { ...live.spec, replicas: liveReplicas } } }
    }
    return status(404, 'not found')
  })
}

describe('turnIntoCanary', () => {
  it('replaces the one Deployment with its canary, the rest as it was; replicas from the live count', async () => {
    const { client: api } = client()
    const entries = [entry(service, 1), entry(deployment('web'), 8)]
    const { entries: turned, release } = await turnIntoCanary(api, entries, {
      replicas: { percent: 25 },
      namespace: 'shop'
    })
    expect(turned[0]).toBe(entries[0])
    expect(turned[1]).toMatchObject({ source: 'k8s/app.yaml', line: 8 })
    expect(turned[1].object.metadata.name).toBe('web-canary')
    expect(turned[1].object.spec?.replicas).toBe(3)
    expect(release).toEqual({
      live: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' },
      canary: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-canary', namespace: 'shop' },
      replicas: 3
    })
  })

  it('with several Deployments: the one target names, or an input error listing them', async () => {
    const { client: api } = client()
    const entries = [entry(deployment('web'), 1), entry(deployment('worker'), 20)]
    const options = { replicas: { count: 1 }, namespace: 'shop' }
    await expect(turnIntoCanary(api, entries, options)).rejects.toThrow(
      'input "strategy": canary: the manifests hold 2 Deployments (deployment/web, deployment/worker); name the one to release as a canary with `target`'
    )
    const { release } = await turnIntoCanary(api, entries, { ...options, target: 'deploy/web' })
    expect(release.canary.name).toBe('web-canary')
    await expect(turnIntoCanary(api, entries, { ...options, target: 'deployment/api' })).rejects.toThrow(
      'input "target": "deployment/api": with strategy: canary, name a Deployment of the manifests (deployment/web, deployment/worker)'
    )
  })

  it('refuses manifests without a Deployment, and a Deployment that does not run yet', async () => {
    const { client: api } = client()
    const options = { replicas: { count: 1 }, namespace: 'shop' }
    await expect(turnIntoCanary(api, [entry(service, 1)], options)).rejects.toThrow(
      'input "strategy": canary: the manifests hold no Deployment (apps/v1)'
    )
    await expect(turnIntoCanary(api, [entry(deployment('shop'), 3)], options)).rejects.toThrow(
      'k8s/app.yaml:3: deployment/shop does not run in namespace shop: nothing to compare against: deploy it first'
    )
  })
})

describe('sharedConfigWarnings', () => {
  it('warns of a changed ConfigMap the canary (and so the live Deployment) reads under a fixed name', () => {
    const canary = canaryDeployment(deployment('web'), 1)
    const settings = { apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', namespace: 'shop' }
    const other = { ...settings, name: 'other' }
    expect(
      sharedConfigWarnings(canary, [
        { ref: settings, action: 'configured' },
        { ref: other, action: 'configured' }
      ])
    ).toEqual([
      'configmap/settings changes, and the live web reads it too: mark it kube-deploy.dev/versioned so that only the canary sees the change'
    ])
    expect(sharedConfigWarnings(canary, [{ ref: settings, action: 'unchanged' }])).toEqual([])
  })
})

describe('serviceWarnings', () => {
  const live = fixture('deployment-complete')
  const serviceSelecting = (selector: Record<string, string>): KubeObject => ({
    ...service,
    spec: { selector }
  })

  it('none for a Service on the app label: it selects both versions', () => {
    const canary = canaryDeployment(deployment('web'), 1)
    expect(serviceWarnings([entry(serviceSelecting({ app: 'web' }), 1)], live, canary)).toEqual([])
  })

  it('warns of a Service that selects the live pods only', () => {
    const canary = canaryDeployment(deployment('web'), 1)
    const onTrack = serviceSelecting({ app: 'web', 'kube-deploy.dev/track': 'stable' })
    const stable = {
      ...live,
      spec: {
        ...live.spec,
        template: { metadata: { labels: { app: 'web', 'kube-deploy.dev/track': 'stable' } } }
      }
    }
    expect(serviceWarnings([entry(onTrack, 1)], stable, canary)).toEqual([
      expect.stringContaining('service/web selects the pods of deployment/web but not those of its canary')
    ])
  })
})
