import { mkdtemp, symlink, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import type { KubeObject } from '../../src/kube-object.js'
import {
  admin,
  adminJson,
  createNamespace,
  deleteNamespace,
  eventually,
  isLocalCluster,
  recordEvent
} from '../../test/harness/test-cluster.js'
import type { ActionRun } from '../../test/harness/run-action.js'
import { deploymentYaml, outcomeOf, setUpE2e, start, type E2eContext } from './support/e2e-context.js'

/**
 * What is checked before anything runs, seen from the runner: paths out of the workspace, names that
 * would change API paths, `status` of what does not exist; and cluster text (an Event a tenant
 * writes, what kubectl prints) that must never become a workflow command in the step's raw output.
 */
let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'input-checks')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

const itLocal = isLocalCluster() ? it : it.skip
const needsLocal = isLocalCluster() ? '' : " (skipped: needs the local cluster's kwok stages)"

const configMapYaml = (name: string, extra = '') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}data:\n  a: "1"\n`

const exists = (kind: string, name: string, inNamespace = namespace): boolean =>
  admin(e2e.cluster, ['get', kind, name, '-n', inNamespace, '--ignore-not-found', '-o', 'name']).trim() !== ''

/**
 * The step's raw output read the way the runner reads it: lines split at \r and \n, leading blanks
 * ignored, `::stop-commands::<token>` turning commands off until `::<token>::`. Returns the commands
 * the runner would run, and the lines it would only print inside such blocks.
 */
function asTheRunnerReadsIt(log: string): { commands: string[]; inert: string[] } {
  const commands: string[] = []
  const inert: string[] = []
  let stopToken: string | undefined
  for (const line of log.split(/\r\n|\r|\n/)) {
    const trimmed = line.trimStart()
    if (stopToken !== undefined) {
      if (trimmed.toLowerCase() === `::${stopToken}::`.toLowerCase()) stopToken = undefined
      else inert.push(trimmed)
      continue
    }
    const stop = /^::stop-commands::(.+)$/.exec(trimmed)
    if (stop) stopToken = stop[1]
    else if (trimmed.startsWith('::')) commands.push(trimmed)
  }
  expect(stopToken).toBeUndefined()
  return { commands, inert }
}

/** Lines a tenant or an app would like the runner to obey. */
const FORGED = ['::add-mask::kube-deploy-e2e-forged', '::error::kube-deploy-e2e forged annotation']

/** The forged lines are in the log, inert; the runner runs none of them. Returns the `::error::` it would run. */
function expectNoForgedCommand(run: ActionRun): string[] {
  const { commands, inert } = asTheRunnerReadsIt(run.log)
  expect(commands.filter(command => command.includes('kube-deploy-e2e'))).toEqual([])
  for (const line of FORGED) expect(inert).toContain(line)
  return commands.filter(command => command.startsWith('::error::'))
}

describe('manifest paths stay in the workspace', () => {
  it('refuses a symlink that leads out of the workspace, and applies nothing', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'kube-deploy-outside-'))
    await writeFile(path.join(outside, 'elsewhere.yaml'), configMapYaml('from-outside'))
    const inside = await e2e.manifest(configMapYaml('inside-link-dir'), 'app.yaml')
    const link = path.join(path.dirname(inside), 'linked.yaml')
    await symlink(path.join(outside, 'elsewhere.yaml'), link)

    const run = await e2e.run({ manifests: path.dirname(inside), namespace })

    expect(outcomeOf(run)).toEqual({
      exitCode: 1,
      status: 'failed',
      error: expect.stringMatching(
        /^::error::input "manifests": ".*" \(.*linked\.yaml\) resolves to .*elsewhere\.yaml, outside the workspace/
      )
    })
    expect(exists('configmap', 'from-outside')).toBe(false)
    expect(exists('configmap', 'inside-link-dir')).toBe(false)
  })

  it('applies the same file with allow-outside-workspace: true', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'kube-deploy-outside-'))
    const file = path.join(outside, 'allowed.yaml')
    await writeFile(file, configMapYaml('allowed-outside'))
    const refused = await e2e.run({ manifests: file, namespace })
    expect(refused.exitCode).toBe(1)
    expect(exists('configmap', 'allowed-outside')).toBe(false)

    const run = await e2e.run({ manifests: file, namespace, 'allow-outside-workspace': 'true' })
    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(exists('configmap', 'allowed-outside')).toBe(true)
  })
})

describe('names that would change API paths', () => {
  it('refuses a namespace input with ? before anything changes', async () => {
    const file = await e2e.manifest(configMapYaml('query-namespace'))
    const run = await e2e.run({ manifests: file, namespace: `${namespace}?dryRun=All` })
    expect(outcomeOf(run)).toEqual({
      exitCode: 1,
      status: 'failed',
      error: expect.stringContaining(
        `::error::input "namespace": "${namespace}?dryRun=All" is not a namespace name`
      )
    })
    expect(exists('configmap', 'query-namespace')).toBe(false)
  })

  it('refuses a manifest namespace with # naming the file and line, and applies nothing', async () => {
    const file = await e2e.manifest(
      `${configMapYaml('fine')}---\n${configMapYaml('fragment-namespace', `  namespace: "${namespace}#x"\n`)}`,
      'fragment.yaml'
    )
    const run = await e2e.run({ manifests: file, namespace })
    expect(outcomeOf(run)).toEqual({
      exitCode: 1,
      status: 'failed',
      error: expect.stringMatching(
        /^::error::.*fragment\.yaml:8: ConfigMap fragment-namespace: metadata\.namespace/
      )
    })
    expect(exists('configmap', 'fine')).toBe(false)
    expect(exists('configmap', 'fragment-namespace')).toBe(false)
  })
})

describe('command: status', () => {
  it('fails with "not found" for a ConfigMap that does not exist, instead of calling it ready', async () => {
    admin(e2e.cluster, ['create', 'configmap', 'present', '-n', namespace, '--from-literal=a=1'])
    const file = await e2e.manifest(
      `${configMapYaml('present')}---\n${configMapYaml('absent')}`,
      'status.yaml'
    )
    const run = await e2e.run({ command: 'status', manifests: file, namespace })
    expect(outcomeOf(run)).toEqual({
      exitCode: 1,
      status: 'failed',
      error: expect.stringMatching(
        new RegExp(`^::error::not found: configmap/absent in namespace ${namespace} \\(.*status\\.yaml:8\\)`)
      )
    })
    expect(run.outputs.resources).not.toContain('"name":"absent","action":"observed","status":"ready"')
    expect(exists('configmap', 'absent')).toBe(false)

    const present = await e2e.manifest(configMapYaml('present'))
    const ok = await e2e.run({ command: 'status', manifests: present, namespace })
    expect(outcomeOf(ok)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
  })
})

describe('cluster text never becomes a workflow command', () => {
  itLocal(`prints an Event written by a tenant only inside a stop-commands block${needsLocal}`, async () => {
    const running = start(e2e, {
      manifests: await e2e.manifest(deploymentYaml('tenant', { replicas: 1, simulate: 'never-ready' })),
      namespace,
      timeout: '15s'
    })
    const pod = await eventually('a running pod of tenant', () =>
      adminJson<{ items: KubeObject[] }>(e2e.cluster, [
        'get',
        'pods',
        '-n',
        namespace,
        '-l',
        'app=tenant'
      ]).items.find(candidate => candidate.status?.phase === 'Running')
    )
    recordEvent(e2e.cluster, {
      involved: pod,
      type: 'Warning',
      reason: 'Unhealthy',
      // A message with line breaks: after the first line, each line starts at the beginning of a log line.
      message: ['Readiness probe failed: HTTP 503', ...FORGED, '::stop-commands::guess'].join('\n'),
      component: 'kubelet',
      fieldPath: 'spec.containers{app}'
    })
    const run = await running.result

    // (outcomeOf would read every line starting with ::error, the inert forged one included)
    expect({ exitCode: run.exitCode, status: run.outputs.status }).toEqual({
      exitCode: 1,
      status: 'timed-out'
    })
    expect(run.log).toContain('Evidence of the failure')
    expect(expectNoForgedCommand(run)).toEqual([
      expect.stringMatching(/^::error::rollout timed-out: deployment\/tenant/)
    ])
  })

  it('prints what a kubectl command shows only inside a stop-commands block', async () => {
    admin(e2e.cluster, [
      'create',
      'configmap',
      'app-output',
      '-n',
      namespace,
      `--from-literal=text=first line\n${FORGED.join('\r\n')}\n\u001b[31mred\u001b[0m`
    ])
    const run = await e2e.run({
      command: 'kubectl',
      args: `get configmap app-output -n ${namespace} -o jsonpath={.data.text}`
    })
    expect({ exitCode: run.exitCode, status: run.outputs.status }).toEqual({
      exitCode: 0,
      status: 'succeeded'
    })
    expect(expectNoForgedCommand(run)).toEqual([])
    expect(asTheRunnerReadsIt(run.log).inert).toContain('red')
  })
})
