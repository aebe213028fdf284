import { admin, adminJson, createNamespace, deleteNamespace } from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import type { ActionRun } from '../../test/harness/run-action.js'
import { deploymentYaml, setUpE2e, summaryText, type E2eContext } from './support/e2e-context.js'

let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'diff')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

interface DiffEntry {
  kind: string
  namespace: string
  name: string
  action: string
  diff?: string
}

const diffOf = (run: ActionRun): DiffEntry[] => JSON.parse(run.outputs.diff) as DiffEntry[]

/** Every object of the namespace (and its ReplicaSets) by kind/name, with its resourceVersion. */
function versions(): Record<string, string> {
  const list = adminJson<{ items: KubeObject[] }>(e2e.cluster, [
    'get',
    'deployments,replicasets,configmaps,secrets,services',
    '-n',
    namespace
  ])
  return Object.fromEntries(
    list.items.map(item => [`${item.kind}/${item.metadata.name}`, item.metadata.resourceVersion ?? ''])
  )
}

describe('the diff preview and dry-run', () => {
  it('a dry run of a new image shows the image line, configured, and changes nothing', async () => {
    const file = await e2e.manifest(deploymentYaml('web', { replicas: 1 }))
    const first = await e2e.run({ namespace, manifests: file })
    expect(first.exitCode).toBe(0)
    const before = versions()

    const run = await e2e.run({
      namespace,
      manifests: file,
      images: 'ghcr.io/kube-deploy/example-web:2.0.0',
      'dry-run': 'true'
    })
    expect(run.log).not.toMatch(/::error::/)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('succeeded')
    expect(run.outputs.changed).toBe('true')
    const [web] = diffOf(run)
    expect(web).toMatchObject({ kind: 'Deployment', namespace, name: 'web', action: 'configured' })
    const changed = (web.diff ?? '').split('\n').filter(line => /^[-+]/.test(line))
    expect(changed).toEqual([
      '-        - image: ghcr.io/kube-deploy/example-web:1.0.0',
      '+        - image: ghcr.io/kube-deploy/example-web:2.0.0'
    ])
    const summary = summaryText(run)
    expect(summary).toContain('🔍 kube-deploy: apply dry run: 1 object would change')
    expect(summary).toContain('+        - image: ghcr.io/kube-deploy/example-web:2.0.0')
    expect(run.log).toContain('preview: 1 object would change (1 configured)')
    expect(run.log).toContain('::group::diff of 1 object')
    expect(run.log).not.toContain('waiting up to')
    // Nothing changed: the same resourceVersions, no new ReplicaSet, and the old image.
    expect(versions()).toEqual(before)
    expect(JSON.parse(run.outputs.resources)).toEqual([])
  })

  it('a dry run of a new object says created, and does not create it', async () => {
    const file = await e2e.manifest(
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fresh\ndata:\n  greeting: hello\n`
    )
    const run = await e2e.run({ namespace, manifests: file, 'dry-run': 'true' })
    expect(run.exitCode).toBe(0)
    const [fresh] = diffOf(run)
    expect(fresh).toMatchObject({ kind: 'ConfigMap', name: 'fresh', action: 'created' })
    expect(fresh.diff).toContain('+  greeting: hello')
    expect(run.outputs.changed).toBe('true')
    expect(versions()['ConfigMap/fresh']).toBeUndefined()
  })

  it('an unchanged redeploy says changed=false, dry run or not', async () => {
    const file = await e2e.manifest(deploymentYaml('web', { replicas: 1 }))
    for (const dryRun of ['true', 'false']) {
      const run = await e2e.run({ namespace, manifests: file, 'dry-run': dryRun })
      expect(run.exitCode).toBe(0)
      expect(run.outputs.changed).toBe('false')
      expect(diffOf(run)).toEqual([{ kind: 'Deployment', namespace, name: 'web', action: 'unchanged' }])
      expect(summaryText(run)).toContain('Nothing')
    }
  })

  it('a run that changes shows the Changes section from its preview, then applies', async () => {
    const file = await e2e.manifest(deploymentYaml('web', { replicas: 2 }))
    const run = await e2e.run({ namespace, manifests: file })
    expect(run.exitCode).toBe(0)
    expect(diffOf(run)[0].diff).toContain('-  replicas: 1\n+  replicas: 2')
    expect(summaryText(run)).toContain('1 object to change (1 configured)')
    expect(
      adminJson<KubeObject>(e2e.cluster, ['get', 'deployment', 'web', '-n', namespace]).spec?.replicas
    ).toBe(2)
  })

  it('a Secret change shows how many keys changed, never its values, in the summary, outputs or log', async () => {
    const old = 'old-password-0f3a'
    const hostile = 'n3w-```</details>\n::warning::leak-7c1e'
    admin(e2e.cluster, [
      'create',
      'secret',
      'generic',
      'db',
      '-n',
      namespace,
      `--from-literal=password=${old}`
    ])
    const file = await e2e.manifest(
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${JSON.stringify(hostile)}\n`
    )
    const before = versions()
    const run = await e2e.run({ namespace, manifests: file, 'dry-run': 'true' })
    expect(run.exitCode).toBe(0)
    const [db] = diffOf(run)
    expect(db).toMatchObject({ kind: 'Secret', name: 'db', action: 'configured' })
    expect(db.diff).toContain('+data: "<hidden: 1 key changed>"')
    expect(summaryText(run)).toContain('<hidden: 1 key changed>')
    const everything = [run.log, run.summary, summaryText(run), ...Object.values(run.outputs)].join('\n')
    for (const value of [
      old,
      hostile,
      'leak-7c1e',
      'old-password',
      Buffer.from(old).toString('base64'),
      Buffer.from(hostile).toString('base64')
    ])
      expect(everything).not.toContain(value)
    expect(versions()).toEqual(before)
  })

  it('a helm dry run diffs the chart as rendered against the release, changing nothing', async () => {
    const release = 'shop'
    const install = await e2e.run({
      command: 'helm',
      namespace,
      chart: 'examples/chart/web',
      release,
      set: 'image.tag=1.2.3\nreplicaCount=1'
    })
    expect(install.exitCode).toBe(0)
    const before = versions()
    const revision = (): string =>
      admin(e2e.cluster, [
        'get',
        'secrets',
        '-n',
        namespace,
        '-l',
        `owner=helm,name=${release}`,
        '-o',
        'name'
      ])

    const releasesBefore = revision()
    // A value from a values file shows in the diff; a `set` value is masked, as everywhere.
    const values = await e2e.manifest('image:\n  tag: 1.2.4\n', 'values.yaml')
    const run = await e2e.run({
      command: 'helm',
      namespace,
      chart: 'examples/chart/web',
      release,
      values,
      set: 'replicaCount=1\ngreeting=hello from set',
      'dry-run': 'true'
    })
    expect(run.log).not.toMatch(/::error::/)
    expect(run.exitCode).toBe(0)
    const entries = diffOf(run)
    const deployment = entries.find(entry => entry.kind === 'Deployment')
    expect(deployment).toMatchObject({ name: release, action: 'configured' })
    expect((deployment?.diff ?? '').split('\n').filter(line => /^[-+]/.test(line))).toEqual([
      expect.stringMatching(/^-\s+image: .*:1\.2\.3$/),
      expect.stringMatching(/^\+\s+image: .*:1\.2\.4$/)
    ])
    const config = entries.find(entry => entry.kind === 'ConfigMap')
    expect(config).toMatchObject({ action: 'configured' })
    expect(config?.diff).toContain('+  GREETING: ***')
    expect(JSON.stringify(run.outputs) + run.summary).not.toContain('hello from set')
    expect(entries.find(entry => entry.kind === 'Service')).toMatchObject({ action: 'unchanged' })
    expect(summaryText(run)).toContain('🔍 kube-deploy: helm dry run: 2 objects would change')
    expect(versions()).toEqual(before)
    expect(revision()).toBe(releasesBefore)
  })
  it('a patch dry run shows the patched fields and changes nothing', async () => {
    const before = versions()
    const run = await e2e.run({
      namespace,
      command: 'patch',
      'patch-target': 'deployment/web',
      patch: 'spec:\n  replicas: 4\n',
      'dry-run': 'true'
    })
    expect(run.log).not.toMatch(/::error::/)
    expect(run.exitCode).toBe(0)
    const [web] = diffOf(run)
    expect(web).toMatchObject({ kind: 'Deployment', name: 'web', action: 'configured' })
    expect((web.diff ?? '').split('\n').filter(line => /^[-+]/.test(line))).toEqual([
      '-  replicas: 2',
      '+  replicas: 4'
    ])
    expect(summaryText(run)).toContain('🔍 kube-deploy: patch dry run: 1 object would change')
    expect(versions()).toEqual(before)
  })

  it('a kustomize dry run previews every object, those of a namespace it creates as created', async () => {
    const exists = (): boolean =>
      admin(e2e.cluster, ['get', 'namespace', 'example-dev', '--ignore-not-found', '-o', 'name']).trim() !==
      ''
    const existed = exists()
    const run = await e2e.run({ namespace, kustomize: 'examples/app/overlays/dev', 'dry-run': 'true' })
    expect(run.log).not.toMatch(/::error::/)
    expect(run.exitCode).toBe(0)
    const entries = diffOf(run)
    expect(entries.map(entry => entry.kind)).toEqual(
      expect.arrayContaining(['Namespace', 'Deployment', 'ConfigMap'])
    )
    expect(entries.every(entry => entry.namespace === 'example-dev' || entry.kind === 'Namespace')).toBe(true)
    if (!existed) {
      expect(entries.every(entry => entry.action === 'created')).toBe(true)
      expect(entries.find(entry => entry.kind === 'Deployment')?.diff).toContain('+  replicas: 1')
    }
    expect(exists()).toBe(existed)
  })

  it('refuses dry-run with command: kubectl, naming the input', async () => {
    const run = await e2e.run({ namespace, command: 'kubectl', args: 'get pods', 'dry-run': 'true' })
    expect(run.exitCode).toBe(1)
    expect(run.log).toMatch(/::error::input "dry-run": does not apply to `command: kubectl`/)
  })
})
