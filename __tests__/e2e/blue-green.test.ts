import { admin, adminJson, createNamespace, deleteNamespace } from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import {
  deploymentYaml,
  errorsOf,
  resourcesOf,
  setUpE2e,
  start,
  stillRunningAfter,
  summaryText,
  type E2eContext
} from './support/e2e-context.js'

let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'blue-green')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

const COLOR = 'kube-deploy.dev/color'
const service = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
`

/** The app's manifests: the plain Deployment `web` and its Service, as a user writes them. */
async function manifests(version: string, simulate?: string): Promise<string> {
  const deployment = deploymentYaml('web', {
    replicas: 1,
    image: `ghcr.io/kube-deploy/example-web:${version}`,
    simulate
  })
  return e2e.manifest(`${deployment}---\n${service}`)
}

const get = (kind: string, name: string): KubeObject =>
  adminJson<KubeObject>(e2e.cluster, ['get', kind, name, '-n', namespace, '-o', 'json'])
const selector = (name: string): Record<string, string> =>
  get('service', name).spec?.selector as Record<string, string>
const exists = (kind: string, name: string): boolean =>
  admin(e2e.cluster, ['get', kind, name, '-n', namespace, '--ignore-not-found', '-o', 'name']).trim() !== ''
const blueGreen = { strategy: 'blue-green' }

describe('blue-green on a plain Deployment and its Service', () => {
  it('the first deploy makes its color live once ready', async () => {
    const run = await e2e.run({ ...blueGreen, manifests: await manifests('1.0.0'), namespace })
    expect(errorsOf(run)).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.outputs['blue-green']).toBe('promoted')
    expect(selector('web')).toEqual({ app: 'web', [COLOR]: 'blue' })
    expect(selector('web-preview')).toEqual({ app: 'web', [COLOR]: 'blue' })
    expect(exists('deployment', 'web')).toBe(false)
  })

  it('deploys the next version as green behind the preview Service; the live Service stays on blue', async () => {
    // Its pods never turn ready until the test says so: the promote below must wait for them.
    const run = await e2e.run({
      ...blueGreen,
      manifests: await manifests('2.0.0', 'never-ready'),
      namespace,
      wait: 'false'
    })
    expect(errorsOf(run)).toBe('')
    expect(run.outputs['blue-green']).toBe('deployed')
    expect(run.log).toContain('blue-green: green (deployment/web-green) next to the live blue')
    expect(summaryText(run)).toContain(
      'Blue-green:</strong> green deployed next to the live blue: deployment/web-green behind service/web-preview'
    )
    expect(selector('web')).toEqual({ app: 'web', [COLOR]: 'blue' })
    expect(selector('web-preview')).toEqual({ app: 'web', [COLOR]: 'green' })
  })

  it('refuses a second deploy while the preview is pending, and changes nothing', async () => {
    const before = get('deployment', 'web-green').metadata.resourceVersion
    const run = await e2e.run({ ...blueGreen, manifests: await manifests('3.0.0'), namespace })
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toMatch(
      /a blue-green preview of deployment\/web is pending \(green, deployed [^)]+\): promote or reject it first/
    )
    expect(get('deployment', 'web-green').metadata.resourceVersion).toBe(before)
    expect(selector('web-preview')).toEqual({ app: 'web', [COLOR]: 'green' })
  })

  it('promote switches the selector only once green is ready, then scales blue to zero', async () => {
    const running = start(e2e, {
      command: 'promote',
      target: 'deployment/web',
      'scale-down-delay': '2s',
      namespace
    })
    expect(await stillRunningAfter(running, 4000)).toBe(true)
    expect(selector('web')).toEqual({ app: 'web', [COLOR]: 'blue' })
    // Green's pods turn ready (a new template without the simulation): now it may switch.
    admin(e2e.cluster, [
      'patch',
      'deployment',
      'web-green',
      '-n',
      namespace,
      '--type=json',
      '-p',
      JSON.stringify([{ op: 'remove', path: '/spec/template/metadata/labels/kube-deploy.test~1simulate' }])
    ])
    const run = await running.result
    expect(errorsOf(run)).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.outputs['blue-green']).toBe('promoted')
    expect(selector('web')).toEqual({ app: 'web', [COLOR]: 'green' })
    expect(get('deployment', 'web-blue').spec?.replicas).toBe(0)
    expect(run.log).toMatch(/web-blue keeps its replicas for 2s/)
  })

  it('promote again: nothing pending, nothing changed', async () => {
    const run = await e2e.run({ command: 'promote', target: 'deployment/web', namespace })
    expect(run.exitCode).toBe(0)
    expect(run.log).toContain(
      'nothing to promote: no blue-green preview of deployment/web is pending (green is live)'
    )
    expect(run.outputs['blue-green']).toBe('')
  })

  it('reject removes the new color and points the preview back at the live one', async () => {
    const deployed = await e2e.run({ ...blueGreen, manifests: await manifests('3.0.0'), namespace })
    expect(errorsOf(deployed)).toBe('')
    expect(deployed.outputs['blue-green']).toBe('deployed')
    // Blue (scaled to zero by the promote) was removed and created afresh, and waited on until ready.
    expect(resourcesOf(deployed).find(row => row.name === 'web-blue')).toMatchObject({
      action: 'created',
      status: 'ready'
    })
    expect(resourcesOf(deployed).filter(row => row.name === 'web-blue')).toHaveLength(1)
    expect(get('deployment', 'web-blue').spec?.replicas).toBe(1)
    expect(selector('web-preview')).toEqual({ app: 'web', [COLOR]: 'blue' })

    const run = await e2e.run({ command: 'reject', target: 'deployment/web', namespace })
    expect(errorsOf(run)).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.outputs['blue-green']).toBe('rejected')
    expect(exists('deployment', 'web-blue')).toBe(false)
    expect(selector('web-preview')).toEqual({ app: 'web', [COLOR]: 'green' })
    expect(selector('web')).toEqual({ app: 'web', [COLOR]: 'green' })

    const again = await e2e.run({ command: 'reject', target: 'deployment/web', namespace })
    expect(again.exitCode).toBe(0)
    expect(again.log).toContain('nothing to reject')
  })

  it('with dry-run: previews the new color and the preview Service, and sends nothing', async () => {
    const run = await e2e.run({
      ...blueGreen,
      manifests: await manifests('4.0.0'),
      namespace,
      'dry-run': 'true'
    })
    expect(errorsOf(run)).toBe('')
    const diff = JSON.parse(run.outputs.diff) as { kind: string; name: string; action: string }[]
    expect(diff).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'Deployment', name: 'web-blue', action: 'created' }),
        expect.objectContaining({ kind: 'Service', name: 'web-preview', action: 'configured' })
      ])
    )
    expect(run.outputs['blue-green']).toBe('')
    expect(exists('deployment', 'web-blue')).toBe(false)
    expect(selector('web-preview')).toEqual({ app: 'web', [COLOR]: 'green' })
  })

  it('a failed deploy with rollback-on-failure rejects itself; the live Service never moved', async () => {
    const run = await e2e.run({
      ...blueGreen,
      manifests: await manifests('4.0.0', 'never-ready'),
      namespace,
      timeout: '5s',
      'rollback-on-failure': 'true'
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['blue-green']).toBe('')
    expect(get('deployment', 'web-blue').spec?.replicas).toBe(0)
    expect(selector('web-preview')).toEqual({ app: 'web', [COLOR]: 'green' })
    expect(selector('web')).toEqual({ app: 'web', [COLOR]: 'green' })
    // Not pending: the next deploy may go ahead, and promote finds nothing to do.
    const promote = await e2e.run({ command: 'promote', target: 'deployment/web', namespace })
    expect(promote.log).toContain('nothing to promote')
  })
})
