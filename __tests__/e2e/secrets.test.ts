import { execFileSync } from 'node:child_process'
import { chmod, mkdtemp, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { runAction, type ActionRun } from '../../test/harness/run-action.js'
import { admin, adminJson, createNamespace, deleteNamespace } from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import { errorsOf, outcomeOf, resourcesOf, setUpE2e, type E2eContext } from './support/e2e-context.js'

let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'secrets')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

/**
 * A value must reach the runner's mask before anything else, and appear nowhere else: not in the log
 * (debug lines included), not in an output, not in the job summary.
 */
function expectKeptSecret(run: ActionRun, value: string): void {
  const lines = run.log.split('\n')
  const firstMask = lines.findIndex(line => line === `::add-mask::${value}`)
  expect(firstMask).toBeGreaterThanOrEqual(0)
  const commands = lines.findIndex(line => line.includes('running: '))
  if (commands >= 0) expect(firstMask).toBeLessThan(commands)
  const visible = lines.filter(line => !line.startsWith('::add-mask::')).join('\n')
  expect(lines.filter(line => !line.startsWith('::add-mask::') && line.includes(value))).toEqual([])
  expect(visible).not.toContain(value)
  expect(JSON.stringify(run.outputs)).not.toContain(value)
  expect(run.summary).not.toContain(value)
}

describe('command: patch of a Secret', () => {
  it('fails without the new value in the error, the log, the summary or the outputs', async () => {
    admin(
      e2e.cluster,
      ['apply', '-n', namespace, '-f', '-'],
      'apiVersion: v1\nkind: Secret\nmetadata: {name: frozen}\nimmutable: true\nstringData: {password: old-value}\n'
    )
    const value = 'n3w-patched-passw0rd'
    const run = await e2e.run({
      command: 'patch',
      namespace,
      'patch-target': 'secret/frozen',
      'patch-type': 'merge',
      patch: `stringData:\n  password: ${value}\n`
    })
    expect(outcomeOf(run)).toMatchObject({ exitCode: 1 })
    expect(errorsOf(run)).toMatch(
      /^::error::input "patch": the server refused it for secret\/frozen: .*field is immutable/
    )
    expectKeptSecret(run, value)
  })

  it('fails with the value redacted where the server quotes it', async () => {
    admin(e2e.cluster, [
      'create',
      'secret',
      'generic',
      'quoted',
      '-n',
      namespace,
      '--from-literal=password=old-value'
    ])
    // A label value the server refuses, and quotes back in its error.
    const value = 'quoted s3cret!'
    const run = await e2e.run({
      command: 'patch',
      namespace,
      'patch-target': 'secret/quoted',
      patch: JSON.stringify({ metadata: { labels: { owner: value } }, stringData: { password: 'p4ssword' } })
    })
    expect(outcomeOf(run)).toMatchObject({ exitCode: 1 })
    expect(errorsOf(run)).toContain('Invalid value: "***"')
    expectKeptSecret(run, value)
    expectKeptSecret(run, 'p4ssword')
  })

  it('patches through a private file and reports the change without the value', async () => {
    const value = 'r0tated-passw0rd'
    const run = await e2e.run({
      command: 'patch',
      namespace,
      'patch-target': 'secret/quoted',
      patch: `stringData: {password: ${value}}`
    })
    expect(outcomeOf(run)).toMatchObject({ exitCode: 0, status: 'succeeded' })
    expect(resourcesOf(run)).toMatchObject([{ kind: 'Secret', name: 'quoted', action: 'configured' }])
    expect(run.log).toMatch(
      /::debug::running: kubectl patch --kubeconfig \S+ -o json --namespace … --type … --patch-file \S+ -- …/
    )
    expectKeptSecret(run, value)
    const secret = adminJson<KubeObject & { data: Record<string, string> }>(e2e.cluster, [
      'get',
      'secret',
      'quoted',
      '-n',
      namespace
    ])
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe(value)
  })
})

describe('command: helm with set', () => {
  it('hands the values to helm in a file: they reach the release, never the log', async () => {
    const value = 'helm-s3cret-passw0rd'
    const run = await e2e.run({
      command: 'helm',
      namespace,
      chart: 'examples/chart/web',
      release: 'vault',
      set: `replicaCount=1\nauth.password=${value}\ngreeting=hello\\, world`
    })
    expect(outcomeOf(run)).toMatchObject({ exitCode: 0, status: 'succeeded' })
    expectKeptSecret(run, value)
    const values = JSON.parse(
      helmAsAdmin(['get', 'values', 'vault', '--namespace', namespace, '--output', 'json'])
    ) as Record<string, unknown>
    expect(values).toEqual({ replicaCount: 1, auth: { password: value }, greeting: 'hello, world' })
    const config = adminJson<KubeObject & { data: Record<string, string> }>(e2e.cluster, [
      'get',
      'configmap',
      'vault-config',
      '-n',
      namespace
    ])
    expect(config.data.GREETING).toBe('hello, world')
  })

  it('fails without the value where the server quotes it', async () => {
    const value = 'helm quoted s3cret'
    const run = await e2e.run({
      command: 'helm',
      namespace,
      chart: 'examples/chart/web',
      release: 'refused',
      set: `podLabels.owner=${value}`
    })
    expect(outcomeOf(run)).toMatchObject({ exitCode: 1 })
    expect(errorsOf(run)).toMatch(/^::error::helm upgrade failed: /)
    expectKeptSecret(run, value)
  })

  it('names the line and key of a malformed set line, never its value', async () => {
    const run = await e2e.run({
      command: 'helm',
      namespace,
      chart: 'examples/chart/web',
      release: 'malformed',
      set: 'image.tag=1.0.0\ndb.password=hunter2,sesame'
    })
    expect(outcomeOf(run)).toMatchObject({ exitCode: 1 })
    expect(errorsOf(run)).toContain('input "set": line 2 (key "db.password"): a key without a value')
    expect(run.log).not.toMatch(/hunter2|sesame/)
    expect(run.summary).not.toMatch(/hunter2|sesame/)
  })
})

describe('Secrets applied with client-side apply', () => {
  it('are applied server-side: no clear-text copy in a last-applied annotation', async () => {
    const value = 'appl1ed-s3cret-value'
    // A Secret a client-side apply left with the old value in its annotation.
    admin(
      e2e.cluster,
      ['apply', '-n', namespace, '-f', '-'],
      'apiVersion: v1\nkind: Secret\nmetadata: {name: legacy}\nstringData: {token: old-clear-text}\n'
    )
    const manifest = await e2e.manifest(`apiVersion: v1
kind: Secret
metadata: {name: db}
stringData: {password: ${value}}
---
apiVersion: v1
kind: Secret
metadata: {name: legacy}
stringData: {token: ${value}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: fast}
`)
    const first = await e2e.run({ namespace, manifests: manifest, 'server-side': 'false' })
    expect(outcomeOf(first)).toMatchObject({ exitCode: 0, status: 'succeeded' })
    for (const name of ['db', 'legacy']) {
      const secret = adminJson<KubeObject>(e2e.cluster, ['get', 'secret', name, '-n', namespace])
      expect(secret.metadata.annotations?.[LAST_APPLIED]).toBeUndefined()
      expect(JSON.stringify(secret)).not.toMatch(new RegExp(`${value}|old-clear-text`))
    }
    // The rest is still applied client-side.
    const config = adminJson<KubeObject>(e2e.cluster, ['get', 'configmap', 'settings', '-n', namespace])
    expect(config.metadata.annotations?.[LAST_APPLIED]).toContain('fast')

    const second = await e2e.run({ namespace, manifests: manifest, 'server-side': 'false' })
    expect(
      resourcesOf(second)
        .map(row => `${row.kind}/${row.name}:${row.action}`)
        .sort()
    ).toEqual(['ConfigMap/settings:unchanged', 'Secret/db:unchanged', 'Secret/legacy:unchanged'])
  })
})

describe('command: kubectl with a plugin', () => {
  it('runs the plugin with the run kubeconfig in its environment and nothing of the action inputs', async () => {
    const bin = await mkdtemp(path.join(os.tmpdir(), 'kubectl-plugins-'))
    const plugin = path.join(bin, 'kubectl-inspect')
    await writeFile(
      plugin,
      `#!/bin/sh
echo "plugin args: $*"
test -f "$KUBECONFIG" && echo "plugin kubeconfig: $KUBECONFIG"
echo "plugin sees $(env | grep -c -E '^(INPUT_|ACTIONS_|GITHUB_)') action variables"
`
    )
    await chmod(plugin, 0o755)
    const run = await runAction(
      { ...e2e.baseInputs, command: 'kubectl', namespace, args: 'inspect --all shop' },
      e2e.dirs,
      { env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, GITHUB_TOKEN: 'ghs_token' } }
    )
    expect(outcomeOf(run)).toMatchObject({ exitCode: 0, status: 'succeeded' })
    expect(run.log).toContain('plugin args: --all shop')
    expect(run.log).toMatch(new RegExp(`plugin kubeconfig: ${e2e.dirs.temp}/kube-deploy-\\w+/kubeconfig`))
    expect(run.log).toContain('plugin sees 0 action variables')
  })
})

/** The cluster's own helm as the admin, for checking what a release holds. */
function helmAsAdmin(args: string[]): string {
  return execFileSync(e2e.cluster.helm, ['--kubeconfig', e2e.cluster.kubeconfigFile, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() }
  }).toString()
}
