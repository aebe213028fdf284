import { adminJson, createNamespace, deleteNamespace } from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import { setUpE2e, type E2eContext } from './support/e2e-context.js'

let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'versioned')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

/**
 * A versioned ConfigMap keeping 2 versions, and a Deployment reading it. `revisionHistoryLimit: 0`
 * lets the controller drop old ReplicaSets, which would otherwise keep their versions referenced.
 */
const manifests = (level: string, options: { simulate?: string } = {}): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  annotations:
    kube-deploy.dev/versioned: "true"
    kube-deploy.dev/max-version-history: "2"
data:
  LOG_LEVEL: ${level}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  revisionHistoryLimit: 0
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels:
        app: web${options.simulate ? `\n        kube-deploy.test/simulate: ${options.simulate}` : ''}
    spec:
      containers:
      - name: app
        image: ghcr.io/kube-deploy/example-web:1.0.0
        envFrom:
        - configMapRef: {name: settings}
      volumes:
      - name: config
        configMap: {name: settings}
`

interface Row {
  kind: string
  name: string
  action: string
}
const rows = (resources: string): string[] =>
  (JSON.parse(resources) as Row[]).map(row => `${row.kind}/${row.name}:${row.action}`)

/** The versions of `settings` in the namespace, by the label every version carries. */
function versions(): string[] {
  const list = adminJson<{ items: KubeObject[] }>(e2e.cluster, [
    'get',
    'configmaps',
    '-n',
    namespace,
    '-l',
    'kube-deploy.dev/versioned-from=settings'
  ])
  return list.items.map(item => item.metadata.name).sort()
}

/** The ConfigMap names the Deployment's template and its running pods read. */
function inUse(): { template: string[]; pods: string[] } {
  const deployment = adminJson<KubeObject>(e2e.cluster, ['get', 'deployment', 'web', '-n', namespace])
  const pods = adminJson<{ items: KubeObject[] }>(e2e.cluster, [
    'get',
    'pods',
    '-n',
    namespace,
    '-l',
    'app=web'
  ])
  const namesIn = (podSpec: unknown): string[] => {
    const spec = podSpec as {
      containers: { envFrom?: { configMapRef?: { name: string } }[] }[]
      volumes?: { configMap?: { name: string } }[]
    }
    return [
      ...spec.containers.flatMap(container =>
        (container.envFrom ?? []).map(from => from.configMapRef?.name ?? '')
      ),
      ...(spec.volumes ?? []).map(volume => volume.configMap?.name ?? '')
      // (pods also mount their ServiceAccount token, a projected volume that names no ConfigMap)
    ].filter(name => name !== '')
  }
  const template = (deployment.spec?.template as { spec: unknown }).spec
  return {
    template: [...new Set(namesIn(template))],
    pods: [
      ...new Set(pods.items.filter(pod => !pod.metadata.deletionTimestamp).flatMap(pod => namesIn(pod.spec)))
    ]
  }
}

const replicaSets = (): string[] =>
  adminJson<{ items: KubeObject[] }>(e2e.cluster, ['get', 'replicasets', '-n', namespace, '-l', 'app=web'])
    .items.map(item => item.metadata.name)
    .sort()

/** Runs an apply of the manifests from a fresh file; returns the run. */
async function deploy(text: string, inputs: Record<string, string> = {}) {
  return e2e.run({ manifests: await e2e.manifest(text), namespace, ...inputs })
}

describe('versioned ConfigMaps', () => {
  let first: string
  let second: string
  let third: string

  it('applies a marked ConfigMap as <name>-<content hash> and points the Deployment at it', async () => {
    const run = await deploy(manifests('info'))
    expect(run.log).not.toMatch(/::error::/)
    expect(run.outputs.status).toBe('succeeded')
    ;[first] = versions()
    expect(first).toMatch(/^settings-[a-z0-9]{10}$/)
    expect(run.log).toContain(`configmap/settings applied as ${first} (referenced by deployment/web)`)
    expect(rows(run.outputs.resources)).toEqual([`ConfigMap/${first}:created`, 'Deployment/web:created'])
    expect(inUse()).toEqual({ template: [first], pods: [first] })
    const stored = adminJson<KubeObject>(e2e.cluster, ['get', 'configmap', first, '-n', namespace])
    expect(stored.metadata.annotations?.['kube-deploy.dev/versioned']).toBe('true')
  })

  it('changes nothing when the same config is deployed again', async () => {
    const before = replicaSets()
    const run = await deploy(manifests('info'))
    expect(run.outputs.status).toBe('succeeded')
    expect(rows(run.outputs.resources)).toEqual([`ConfigMap/${first}:unchanged`, 'Deployment/web:unchanged'])
    expect(versions()).toEqual([first])
    expect(replicaSets()).toEqual(before)
  })

  it('rolls the pods when the config changes: a new ReplicaSet whose pods read the new version', async () => {
    const before = replicaSets()
    const run = await deploy(manifests('debug'))
    expect(run.outputs.status).toBe('succeeded')
    second = versions().find(name => name !== first) ?? ''
    expect(versions()).toEqual([first, second].sort())
    expect(rows(run.outputs.resources)).toEqual([`ConfigMap/${second}:created`, 'Deployment/web:configured'])
    expect(replicaSets()).not.toEqual(before)
    expect(inUse()).toEqual({ template: [second], pods: [second] })
    // Two versions are within the limit: nothing is deleted.
    expect(run.log).not.toContain('deleted settings-')
  })

  it('deletes the oldest version beyond the history limit after the rollout succeeded', async () => {
    const run = await deploy(manifests('warn'))
    expect(run.outputs.status).toBe('succeeded')
    third = versions().find(name => name !== first && name !== second) ?? ''
    expect(third).toMatch(/^settings-/)
    expect(run.log).toContain(
      `configmap/settings: 2 versions kept (at most 2, and any still referenced); deleted ${first}`
    )
    // The deletion comes after the verdict.
    expect(run.log.indexOf(`deleted ${first}`)).toBeGreaterThan(run.log.indexOf('rollout succeeded'))
    expect(versions()).toEqual([second, third].sort())
    expect(inUse()).toEqual({ template: [third], pods: [third] })
  })

  it('deletes nothing after a failed rollout, and its rollback returns to a version that exists', async () => {
    const run = await deploy(manifests('trace', { simulate: 'crash-loop' }), {
      'rollback-on-failure': 'true'
    })
    expect(run.outputs.status).toBe('failed')
    const fourth = versions().find(name => ![first, second, third].includes(name)) ?? ''
    expect(fourth).toMatch(/^settings-/)
    // Three versions now, one beyond the limit: none deleted, the run failed.
    expect(versions()).toEqual([second, third, fourth].sort())
    expect(run.log).not.toContain('versions kept')
    expect(run.log).toContain('deployment/web restored to its previous spec')
    expect(run.log).toMatch(/rollback succeeded/)
    expect(inUse()).toEqual({ template: [third], pods: [third] })
  })

  it('command: status reads the version the manifests name', async () => {
    const run = await e2e.run({
      command: 'status',
      manifests: await e2e.manifest(manifests('warn')),
      namespace
    })
    expect(run.outputs.status).toBe('succeeded')
    expect(rows(run.outputs.resources)).toContain(`ConfigMap/${third}:observed`)
  })
})
