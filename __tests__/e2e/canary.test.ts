import { adminJson, createNamespace, deleteNamespace, eventually } from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import { outcomeOf, setUpE2e, summaryText, type E2eContext } from './support/e2e-context.js'

/**
 * `strategy: canary` on a plain Deployment behind a Service: the canary runs beside the live
 * Deployment (untouched), its pods behind the same Service; then `command: promote` or `reject`.
 */
let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'canary')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

const IMAGE = 'ghcr.io/kube-deploy/example-web'

/** A Service and a Deployment of `name` at `version`; `simulate` picks a failure stage for its pods. */
function appYaml(name: string, version: string, simulate?: string): string {
  const simulated = simulate ? `\n        kube-deploy.test/simulate: ${simulate}` : ''
  return `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: 3
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels:
        app: ${name}${simulated}
    spec:
      containers:
      - name: app
        image: ${IMAGE}:${version}
`
}

const get = (kind: string, name: string): KubeObject | undefined => {
  const list = adminJson<{ items: KubeObject[] }>(e2e.cluster, ['get', kind, '-n', namespace])
  return list.items.find(item => item.metadata.name === name)
}
const imageOf = (deployment: KubeObject | undefined): unknown =>
  (deployment?.spec?.template as { spec: { containers: { image: string }[] } } | undefined)?.spec
    .containers[0].image
const podsMatching = (selector: string): KubeObject[] =>
  adminJson<{ items: KubeObject[] }>(e2e.cluster, ['get', 'pods', '-n', namespace, '-l', selector]).items

/** The pod names behind the Service, as its EndpointSlices list them. */
const endpointPods = (service: string): string[] =>
  adminJson<{ items: { endpoints?: { targetRef?: { name: string } }[] }[] }>(e2e.cluster, [
    'get',
    'endpointslices',
    '-n',
    namespace,
    '-l',
    `kubernetes.io/service-name=${service}`
  ]).items.flatMap(slice => (slice.endpoints ?? []).map(endpoint => endpoint.targetRef?.name ?? ''))

async function deployLive(name: string): Promise<KubeObject> {
  const run = await e2e.run({ manifests: await e2e.manifest(appYaml(name, '1.0.0')), namespace })
  expect(outcomeOf(run)).toMatchObject({ exitCode: 0, status: 'succeeded' })
  const live = get('deployment', name)
  if (!live) throw new Error(`deployment/${name} missing`)
  return live
}

describe('strategy: canary', () => {
  it('deploys the canary beside the live Deployment, behind its Service, then promotes it', async () => {
    const live = await deployLive('web')
    const run = await e2e.run({
      manifests: await e2e.manifest(appYaml('web', '2.0.0')),
      namespace,
      strategy: 'canary',
      'canary-replicas': '34%'
    })
    expect(outcomeOf(run)).toMatchObject({ exitCode: 0, status: 'succeeded' })
    expect(run.outputs.canary).toBe('deployed')
    // The live Deployment is not touched at all.
    const after = get('deployment', 'web')
    expect(after?.metadata.generation).toBe(live.metadata.generation)
    // (its resourceVersion moves with the controller's status updates; its spec and metadata do not)
    expect(after?.spec).toEqual(live.spec)
    expect(after?.metadata.annotations).toEqual(live.metadata.annotations)
    expect(after?.metadata.labels).toEqual(live.metadata.labels)
    const canary = get('deployment', 'web-canary')
    expect(canary?.spec?.replicas).toBe(2)
    expect(imageOf(canary)).toBe(`${IMAGE}:2.0.0`)
    expect(canary?.status?.readyReplicas).toBe(2)
    // The canary's pods are behind the Service, beside the live ones.
    const canaryPods = podsMatching('kube-deploy.dev/track=canary').map(pod => pod.metadata.name)
    expect(canaryPods).toHaveLength(2)
    const behindService = await eventually('the canary pods in the EndpointSlices', () => {
      const names = endpointPods('web')
      return canaryPods.every(pod => names.includes(pod)) && names.length === 5 ? names : undefined
    })
    expect(behindService).toHaveLength(5)
    const summary = summaryText(run)
    expect(summary).toContain('Canary: deployed')
    expect(summary).toMatch(/traffic share \(ready pods\): 40%/)

    const promoted = await e2e.run({ command: 'promote', target: 'deployment/web', namespace })
    expect(outcomeOf(promoted)).toMatchObject({ exitCode: 0, status: 'succeeded' })
    expect(promoted.outputs.canary).toBe('promoted')
    const web = get('deployment', 'web')
    expect(imageOf(web)).toBe(`${IMAGE}:2.0.0`)
    expect(web?.spec?.replicas).toBe(3)
    expect(get('deployment', 'web-canary')).toBeUndefined()
    expect(podsMatching('kube-deploy.dev/track=canary')).toEqual([])
    expect(summaryText(promoted)).toContain('Canary: promoted')

    // Promoting again has nothing to do, says so, and succeeds.
    const again = await e2e.run({ command: 'promote', target: 'deployment/web', namespace })
    expect(outcomeOf(again)).toMatchObject({ exitCode: 0, status: 'succeeded' })
    expect(again.log).toContain('no canary of deployment/web: nothing to promote')
    expect(again.outputs.canary).toBe('')
  })

  it('rejects a canary: the canary and its pods gone, the live Deployment untouched', async () => {
    const live = await deployLive('shop')
    const run = await e2e.run({
      manifests: await e2e.manifest(appYaml('shop', '2.0.0')),
      namespace,
      strategy: 'canary'
    })
    expect(outcomeOf(run)).toMatchObject({ exitCode: 0, status: 'succeeded' })
    expect(get('deployment', 'shop-canary')?.spec?.replicas).toBe(1)

    const rejected = await e2e.run({ command: 'reject', target: 'deployment/shop', namespace })
    expect(outcomeOf(rejected)).toMatchObject({ exitCode: 0, status: 'succeeded' })
    expect(rejected.outputs.canary).toBe('rejected')
    expect(rejected.log).toContain('canary rejected: deployment/shop-canary deleted')
    expect(get('deployment', 'shop-canary')).toBeUndefined()
    expect(podsMatching('app=shop,kube-deploy.dev/track=canary')).toEqual([])
    const after = get('deployment', 'shop')
    expect(after?.metadata.generation).toBe(live.metadata.generation)
    expect(imageOf(after)).toBe(`${IMAGE}:1.0.0`)

    const again = await e2e.run({ command: 'reject', target: 'deployment/shop', namespace })
    expect(outcomeOf(again)).toMatchObject({ exitCode: 0, status: 'succeeded' })
    expect(again.log).toContain('no canary of deployment/shop: nothing to reject')
  })

  it('a failing canary (image pull error) with rollback-on-failure rejects itself', async () => {
    const live = await deployLive('cart')
    const run = await e2e.run({
      manifests: await e2e.manifest(appYaml('cart', '9.9.9', 'image-pull-error')),
      namespace,
      strategy: 'canary',
      'rollback-on-failure': 'true'
    })
    expect(outcomeOf(run)).toMatchObject({ exitCode: 1, status: 'failed' })
    expect(run.log).toMatch(/deployment\/cart-canary: (ImagePullBackOff|ErrImagePull)/)
    expect(run.outputs.canary).toBe('rejected')
    expect(get('deployment', 'cart-canary')).toBeUndefined()
    expect(podsMatching('app=cart,kube-deploy.dev/track=canary')).toEqual([])
    expect(get('deployment', 'cart')?.metadata.generation).toBe(live.metadata.generation)
    const summary = summaryText(run)
    expect(summary).toContain('canary rejected: deployment/cart-canary deleted')
    expect(summary).toContain('Canary: rejected')
  })

  it('refuses a canary of a Deployment that does not run yet, changing nothing', async () => {
    const run = await e2e.run({
      manifests: await e2e.manifest(appYaml('fresh', '1.0.0')),
      namespace,
      strategy: 'canary'
    })
    expect(outcomeOf(run).exitCode).toBe(1)
    expect(run.log).toContain('nothing to compare against: deploy it first')
    expect(get('service', 'fresh')).toBeUndefined()
    expect(get('deployment', 'fresh-canary')).toBeUndefined()
  })

  it('with dry-run: previews the canary as created and sends nothing', async () => {
    const live = await deployLive('preview')
    const run = await e2e.run({
      manifests: await e2e.manifest(appYaml('preview', '2.0.0')),
      namespace,
      strategy: 'canary',
      'dry-run': 'true'
    })
    expect(outcomeOf(run)).toMatchObject({ exitCode: 0, status: 'succeeded' })
    const diff = JSON.parse(run.outputs.diff) as { kind: string; name: string; action: string }[]
    expect(diff.map(({ kind, name, action }) => `${kind}/${name} ${action}`)).toEqual(
      expect.arrayContaining(['Deployment/preview-canary created', 'Service/preview unchanged'])
    )
    expect(run.outputs.canary).toBe('')
    expect(get('deployment', 'preview-canary')).toBeUndefined()
    expect(get('deployment', 'preview')?.metadata.generation).toBe(live.metadata.generation)
    expect(get('deployment', 'preview')?.metadata.annotations).toEqual(live.metadata.annotations)

    const reject = await e2e.run({
      command: 'reject',
      target: 'deployment/preview',
      namespace,
      'dry-run': 'true'
    })
    expect(reject.log).toContain('no canary of deployment/preview: nothing to reject')
  })
})
