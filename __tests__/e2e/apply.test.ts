import { existsSync, readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import {
  admin,
  adminJson,
  createNamespace,
  deleteNamespace,
  isLocalCluster
} from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import { deploymentYaml, setUpE2e, type E2eContext } from './support/e2e-context.js'

let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'apply')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

/** Everything a secret could leak through: the log, every output, the summary. */
function expectNoSecrets(text: string): void {
  const kubeconfig = e2e.baseInputs.kubeconfig
  const secrets = [...kubeconfig.matchAll(/(?:client-key-data|token): (\S+)/g)].map(match => match[1])
  expect(secrets.length).toBeGreaterThan(0)
  // ::add-mask:: is how the runner learns what to hide; anywhere else a secret must not appear.
  const visible = text
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  for (const secret of secrets) expect(visible).not.toContain(secret)
}

describe('command: apply', () => {
  it('applies the example app, waits for the rollout, and reports it', async () => {
    const mirrorRequestsBefore = e2e.mirror?.requests.length ?? 0
    const run = await e2e.run({
      manifests: 'examples/app/base',
      namespace,
      images: 'ghcr.io/kube-deploy/example-web:2.0.0',
      selector: 'app.kubernetes.io/name=web'
    })
    expect(run.log).not.toMatch(/::error::/)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('succeeded')
    expect(JSON.parse(run.outputs.resources)).toEqual([
      {
        kind: 'ConfigMap',
        namespace,
        name: 'web-config',
        action: 'created',
        status: 'ready',
        message: 'stored'
      },
      {
        kind: 'Deployment',
        namespace,
        name: 'web',
        action: 'created',
        status: 'ready',
        message: '3 of 3 replicas available'
      },
      { kind: 'Service', namespace, name: 'web', action: 'created', status: 'ready', message: 'ClusterIP' }
    ])
    expect(JSON.parse(run.outputs.images)).toEqual({
      'deployment/web': { web: 'ghcr.io/kube-deploy/example-web:2.0.0' }
    })
    expect(Number(run.outputs['duration-seconds'])).toBeGreaterThan(0)
    const deployment = adminJson<KubeObject>(e2e.cluster, ['get', 'deployment', 'web', '-n', namespace])
    expect(deployment.status?.availableReplicas).toBe(3)
    expect(run.summary).toContain('kube-deploy: apply succeeded')
    expect(run.summary).toContain('<code>deployment/web</code>')
    expect(run.summary).toContain(e2e.cluster.server)
    expect(run.summary).toContain('```mermaid')
    expectNoSecrets(run.log + JSON.stringify(run.outputs) + run.summary)
    // A server-side apply and the wait need no kubectl: nothing was fetched for it.
    if (e2e.mirror) expect(e2e.mirror.requests.length).toBe(mirrorRequestsBefore)

    // The kubeconfig was private to the run, and the post step removes it.
    const workDir = run.state['work-dir']
    const kubeconfig = path.join(workDir, 'kubeconfig')
    expect(existsSync(kubeconfig)).toBe(true)
    const post = await e2e.post(run)
    expect(post.exitCode).toBe(0)
    expect(existsSync(workDir)).toBe(false)
  })

  it('fetches kubectl when a command needs it, then hits the tool cache; reports unchanged objects', async () => {
    // Client-side apply runs kubectl: the first such run fetches it (unless an earlier test did).
    const inputs = {
      manifests: 'examples/app/base',
      namespace,
      images: 'ghcr.io/kube-deploy/example-web:2.0.0',
      'server-side': 'false'
    }
    const first = await e2e.run(inputs)
    expect(first.exitCode).toBe(0)
    expect(first.log).toMatch(/kubectl v[\d.]+: (downloading|found in the tool cache)/)
    const requestsBefore = e2e.mirror?.requests.length ?? 0
    const run = await e2e.run(inputs)
    expect(run.exitCode).toBe(0)
    expect(run.log).toContain('found in the tool cache')
    expect(e2e.mirror?.requests.length ?? 0).toBe(requestsBefore)
    expect((JSON.parse(run.outputs.resources) as { action: string }[]).map(r => r.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged'
    ])
  })

  it('fails fast with the reason when an image cannot be pulled', async () => {
    const file = await e2e.manifest(
      deploymentYaml('broken', {
        replicas: 2,
        simulate: 'image-pull-error',
        image: 'ghcr.io/acme/does-not-exist:1'
      })
    )
    const started = Date.now()
    const run = await e2e.run({ manifests: file, namespace, timeout: '3m' })
    const seconds = (Date.now() - started) / 1000
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(seconds).toBeLessThan(60)
    expect(run.log).toMatch(/::error::rollout failed: deployment\/broken: (ImagePullBackOff|ErrImagePull): /)
    const [resource] = JSON.parse(run.outputs.resources)
    expect(resource).toMatchObject({ kind: 'Deployment', name: 'broken', status: 'failed' })
    expect(resource.message).toContain('ghcr.io/acme/does-not-exist:1')
    expect(run.summary).toContain('What went wrong')
    expect(run.summary).toContain('Evidence: deployment/broken')
  })

  it('rejects an invalid manifest with its file and line, and changes nothing', async () => {
    const file = await e2e.manifest(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels: {a: b}\nspec: {}\n`,
      'bad.yaml'
    )
    const run = await e2e.run({ manifests: file, namespace })
    expect(run.exitCode).toBe(1)
    expect(run.log).toMatch(/::error::.*bad\.yaml:5: Deployment has no metadata.name/)
    expect(admin(e2e.cluster, ['get', 'configmap', '-n', namespace, '--ignore-not-found', 'first'])).toBe('')
  })

  it('rejects what the server refuses before changing anything', async () => {
    const file = await e2e.manifest(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: second}\n---\n${deploymentYaml('invalid', { replicas: -1 })}`,
      'refused.yaml'
    )
    const run = await e2e.run({ manifests: file, namespace })
    expect(run.exitCode).toBe(1)
    expect(run.log).toMatch(/::error::.*refused\.yaml:5: rejected by the server: .*replicas/)
    expect(admin(e2e.cluster, ['get', 'configmap', '-n', namespace, '--ignore-not-found', 'second'])).toBe('')
  })

  // The tampered files (with checksums to match) come from the loopback mirror over the local cluster's build.
  const itMirror = isLocalCluster() ? it : it.skip
  const needsMirror = isLocalCluster() ? '' : " (skipped: needs the local cluster's download mirror)"

  itMirror(`refuses a kubectl whose checksum does not match${needsMirror}`, async () => {
    if (!e2e.mirror) throw new Error('the local cluster has no download mirror (mirrorDir in cluster.json)')
    const dirs = { ...e2e.dirs, toolCache: path.join(e2e.dirs.toolCache, '..', 'empty-tool-cache') }
    const { runAction } = await import('../../test/harness/run-action.js')
    const run = await runAction(
      {
        ...e2e.baseInputs,
        manifests: 'examples/app/base',
        namespace,
        // Client-side apply: a command that needs kubectl.
        'server-side': 'false',
        'kubectl-mirror': e2e.mirror.tamperedKubectlUrl
      },
      dirs
    )
    expect(run.exitCode).toBe(1)
    expect(run.log).toMatch(/::error::kubectl v[\d.]+: sha256 mismatch .* refusing to use it/)
    // Nothing was cached, under any name.
    expect(existsSync(dirs.toolCache) ? readdirSync(dirs.toolCache) : []).toEqual([])
  })

  it('takes over what a client-side kubectl apply owned: a field the manifest drops goes', async () => {
    admin(
      e2e.cluster,
      ['apply', '-n', namespace, '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: handed-over}\ndata: {mode: slow, legacy: "yes"}\n'
    )
    const manifest = await e2e.manifest(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: handed-over}\ndata: {mode: fast}\n'
    )
    const first = await e2e.run({ namespace, manifests: manifest })
    expect([first.exitCode, first.outputs.status]).toEqual([0, 'succeeded'])
    const live = adminJson<KubeObject>(e2e.cluster, [
      'get',
      'configmap',
      'handed-over',
      '-n',
      namespace,
      '--show-managed-fields'
    ])
    expect(live.data).toEqual({ mode: 'fast' })
    expect(live.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined()
    const managers = (live.metadata.managedFields as { manager: string; operation: string }[]).map(
      entry => `${entry.manager} ${entry.operation}`
    )
    expect(managers).toContain('kube-deploy Apply')
    expect(managers).not.toContain('kubectl-client-side-apply Update')
    // Applied again unchanged: the server stores nothing, and the run says so.
    const second = await e2e.run({ namespace, manifests: manifest })
    expect(JSON.parse(second.outputs.resources)).toEqual([
      expect.objectContaining({ name: 'handed-over', action: 'unchanged' })
    ])
  })

  it('names a bad input and touches nothing', async () => {
    const run = await e2e.run({ manifests: 'examples/app/base', namespace, timeout: 'forever' })
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain('::error::input "timeout": "forever" is not a duration')
    expect(readFileSync(run.env.GITHUB_OUTPUT, 'utf8')).toContain('failed')
  })
})
