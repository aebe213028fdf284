import { fixture } from '../../fixtures.js'
import {
  findLiveService,
  nextColor,
  pendingPreview,
  readBlueGreen
} from '../../../src/deploy/blue-green/blue-green-state.js'
import { appLabels, selectedColor, selects } from '../../../src/deploy/blue-green/colors.js'
import type { KubeObject } from '../../../src/kube-object.js'
import { fakeClusterClient, status } from '../support/fake-cluster-client.js'

const blue = (): KubeObject => fixture('blue-green/deployment-web-blue')
const green = (): KubeObject => fixture('blue-green/deployment-web-green')
const live = (): KubeObject => fixture('blue-green/service-web')
const scaledToZero = (deployment: KubeObject): KubeObject => ({
  ...deployment,
  spec: { ...deployment.spec, replicas: 0 }
})
const promoted = (deployment: KubeObject): KubeObject => ({
  ...deployment,
  metadata: { ...deployment.metadata, annotations: {} }
})

describe('pendingPreview', () => {
  it.each([
    [
      'green marked as a preview, with replicas, blue live',
      { blue: blue(), green: green() },
      'blue',
      'green'
    ],
    ['the first color, before the Service selects it', { green: green() }, undefined, 'green'],
    [
      'green rejected by a rollback (scaled to zero)',
      { blue: blue(), green: scaledToZero(green()) },
      'blue',
      undefined
    ],
    [
      'green live, blue in its scale-down delay (no mark)',
      { blue: blue(), green: green() },
      'green',
      undefined
    ],
    [
      'green promoted (mark taken off), blue live',
      { blue: blue(), green: promoted(green()) },
      'blue',
      undefined
    ],
    ['no color at all', {}, undefined, undefined]
  ] as const)('%s', (_case, colors, liveColor, expected) => {
    expect(pendingPreview(colors, liveColor)?.color).toBe(expected)
  })

  it('says since when', () => {
    expect(pendingPreview({ green: green() }, 'blue')?.since).toBe('2026-11-26T14:40:00.000Z')
  })
})

describe('colors', () => {
  it('the next color is the one that is not live, blue for the first', () => {
    expect([nextColor(undefined), nextColor('blue'), nextColor('green')]).toEqual(['blue', 'green', 'blue'])
  })

  it("reads the live Service's color and the app's labels without the color", () => {
    expect(selectedColor(live())).toBe('blue')
    expect(selectedColor({ ...live(), spec: { selector: { app: 'web' } } })).toBeUndefined()
    expect(appLabels(green())).toEqual({ app: 'web' })
    expect(selects(live(), { app: 'web' })).toBe(true)
    expect(selects(live(), { app: 'shop' })).toBe(false)
    expect(selects({ ...live(), spec: {} }, { app: 'web' })).toBe(false)
  })
})

describe('findLiveService', () => {
  const other = (name: string, app: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app } }
  })
  const preview: KubeObject = {
    ...other('web-preview', 'web'),
    metadata: { name: 'web-preview', labels: { 'kube-deploy.dev/preview-of': 'web' } }
  }

  it('takes the one Service that selects the pods, never a preview Service', () => {
    expect(
      findLiveService([other('db', 'db'), live(), preview], { app: 'web' }, undefined, 'deployment/web')
        .metadata.name
    ).toBe('web')
  })

  it('takes the named one', () => {
    expect(
      findLiveService([other('web-2', 'web'), live()], { app: 'web' }, 'web-2', 'deployment/web').metadata
        .name
    ).toBe('web-2')
  })

  it.each([
    [
      'none',
      [other('db', 'db')],
      undefined,
      'input "service": no Service selects its pods for deployment/web: name the live Service in `service`'
    ],
    [
      'several',
      [live(), other('web-internal', 'web')],
      undefined,
      'input "service": 2 Services select its pods (web, web-internal) for deployment/web'
    ],
    [
      'a missing name',
      [live()],
      'www',
      'input "service": Service "www" is neither in the cluster nor in the manifests'
    ]
  ])('%s: an error naming the input', (_case, services, named, message) => {
    expect(() => findLiveService(services, { app: 'web' }, named, 'deployment/web')).toThrow(message)
  })
})

describe('readBlueGreen', () => {
  function clusterWith(objects: Record<string, KubeObject>) {
    return fakeClusterClient(request => {
      if (request.path.startsWith('/api/v1/namespaces/shop/services'))
        return { status: 200, body: { kind: 'ServiceList', apiVersion: 'v1', metadata: {}, items: [live()] } }
      const name = /deployments\/([^?]+)/.exec(request.path)?.[1] ?? ''
      return objects[name]
        ? { status: 200, body: objects[name] }
        : status(404, `deployments.apps "${name}" not found`)
    })
  }

  it('reads both colors, the live Service and its color, and the pending preview', async () => {
    const { client } = clusterWith({ 'web-blue': blue(), 'web-green': green() })
    const state = await readBlueGreen(client, { name: 'web', namespace: 'shop' })
    expect(state).toMatchObject({ name: 'web', live: 'blue', pending: { color: 'green' } })
    expect(state?.service.metadata.name).toBe('web')
  })

  it('is undefined for a Deployment that is not blue-green (no color, no labels given)', async () => {
    const { client } = clusterWith({})
    expect(await readBlueGreen(client, { name: 'web', namespace: 'shop' })).toBeUndefined()
  })

  it("takes the live color from the cluster, the Service's ports from the manifests", async () => {
    const { client } = clusterWith({ 'web-blue': blue() })
    const declared = { ...live(), spec: { selector: { app: 'web' }, ports: [{ port: 8080 }] } }
    const state = await readBlueGreen(client, {
      name: 'web',
      namespace: 'shop',
      labels: { app: 'web' },
      declaredServices: [declared]
    })
    expect(state).toMatchObject({ live: 'blue', pending: undefined, service: declared })
  })
})
