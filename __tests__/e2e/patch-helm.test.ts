import { admin, adminJson, createNamespace, deleteNamespace } from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import { deploymentYaml, setUpE2e, type E2eContext } from './support/e2e-context.js'

let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'patch')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

describe('command: patch', () => {
  it('patches a Deployment and waits for the new rollout', async () => {
    admin(e2e.cluster, ['apply', '-n', namespace, '-f', '-'], deploymentYaml('patched', { replicas: 1 }))
    const run = await e2e.run({
      command: 'patch',
      namespace,
      'patch-target': 'deployment/patched',
      patch:
        'spec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: app\n        image: ghcr.io/kube-deploy/example-web:3.0.0\n'
    })
    expect(run.log).not.toMatch(/::error::/)
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.resources)).toEqual([
      {
        kind: 'Deployment',
        namespace,
        name: 'patched',
        action: 'configured',
        status: 'ready',
        message: '3 of 3 replicas available'
      }
    ])
    expect(JSON.parse(run.outputs.images)).toEqual({
      'deployment/patched': { app: 'ghcr.io/kube-deploy/example-web:3.0.0' }
    })
  })

  it('applies a JSON patch', async () => {
    const run = await e2e.run({
      command: 'patch',
      namespace,
      'patch-target': 'deployment/patched',
      'patch-type': 'json',
      patch: '[{"op": "replace", "path": "/spec/replicas", "value": 2}]'
    })
    expect(run.exitCode).toBe(0)
    expect(
      adminJson<KubeObject>(e2e.cluster, ['get', 'deployment', 'patched', '-n', namespace]).spec?.replicas
    ).toBe(2)
  })

  it('names a patch-target that does not exist', async () => {
    const run = await e2e.run({
      command: 'patch',
      namespace,
      'patch-target': 'deployment/absent',
      patch: '{"spec": {"replicas": 1}}'
    })
    expect(run.exitCode).toBe(1)
    expect(run.log).toMatch(/::error::.*deployments.apps "absent" not found/)
  })
})

describe('command: helm', () => {
  it('installs the example chart with helm upgrade --install and waits for it', async () => {
    const run = await e2e.run({
      command: 'helm',
      namespace,
      chart: 'examples/chart/web',
      release: 'shop',
      set: 'image.tag=1.2.3\nreplicaCount=2'
    })
    expect(run.log).not.toMatch(/::error::/)
    expect(run.exitCode).toBe(0)
    expect(run.log).toMatch(/helm v[\d.]+: (downloading|found in the tool cache)/)
    const resources = JSON.parse(run.outputs.resources) as { kind: string; action: string; status: string }[]
    expect(resources.map(r => `${r.kind}:${r.action}:${r.status}`).sort()).toEqual([
      'ConfigMap:created:ready',
      'Deployment:created:ready',
      'Service:created:ready'
    ])
    expect(JSON.parse(run.outputs.images)).toEqual({
      'deployment/shop': { web: 'ghcr.io/kube-deploy/example-web:1.2.3' }
    })
  })

  it('upgrades the release and reports what changed', async () => {
    const run = await e2e.run({
      command: 'helm',
      namespace,
      chart: 'examples/chart/web',
      release: 'shop',
      set: 'image.tag=1.2.4\nreplicaCount=2'
    })
    expect(run.exitCode).toBe(0)
    const actions = Object.fromEntries(
      (JSON.parse(run.outputs.resources) as { kind: string; action: string }[]).map(r => [r.kind, r.action])
    )
    expect(actions).toEqual({ ConfigMap: 'unchanged', Deployment: 'configured', Service: 'unchanged' })
  })

  it('fails fast on a crash-looping release and rolls it back to the previous revision', async () => {
    const run = await e2e.run({
      command: 'helm',
      namespace,
      chart: 'examples/chart/web',
      release: 'shop',
      set: 'image.tag=1.2.5\npodLabels.kube-deploy\\.test/simulate=crash-loop',
      'rollback-on-failure': 'true'
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(run.log).toMatch(/::error::rollout failed: deployment\/shop: CrashLoopBackOff/)
    expect(run.summary).toContain('Rollback: succeeded')
    const deployment = adminJson<KubeObject>(e2e.cluster, ['get', 'deployment', 'shop', '-n', namespace])
    expect(JSON.stringify(deployment.spec)).toContain('example-web:1.2.4')
  })
})

describe('command: kubectl', () => {
  it('runs any kubectl command, then waits for the pods of the selector', async () => {
    const run = await e2e.run({
      command: 'kubectl',
      namespace,
      args: 'rollout restart deployment/patched',
      selector: 'app=patched'
    })
    expect(run.log).not.toMatch(/::error::/)
    expect(run.exitCode).toBe(0)
    expect(run.log).toContain('deployment.apps/patched restarted')
    expect(run.summary).toContain('Pods matching <code>app=patched</code>: 2, 2 of 2 pods ready')
  })
})

describe('server-side apply', () => {
  it('applies with server-side apply and finds nothing to change the second time', async () => {
    const manifest = await e2e.manifest(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: "1"}\n'
    )
    const first = await e2e.run({ namespace, manifests: manifest, 'server-side': 'true' })
    expect(first.exitCode).toBe(0)
    expect(JSON.parse(first.outputs.resources)[0]).toMatchObject({ action: 'created' })
    const managers = adminJson<KubeObject>(e2e.cluster, [
      'get',
      'configmap',
      'ssa',
      '-n',
      namespace,
      '--show-managed-fields'
    ]).metadata.managedFields as { manager: string; operation: string }[]
    expect(managers).toContainEqual(expect.objectContaining({ manager: 'kube-deploy', operation: 'Apply' }))
    const second = await e2e.run({ namespace, manifests: manifest, 'server-side': 'true' })
    expect(JSON.parse(second.outputs.resources)[0]).toMatchObject({ action: 'unchanged' })
  })
})
