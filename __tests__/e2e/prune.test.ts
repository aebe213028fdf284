import { execFileSync } from 'node:child_process'
import * as os from 'node:os'
import {
  admin,
  adminJson,
  createNamespace,
  deleteNamespace,
  eventually
} from '../../test/harness/test-cluster.js'
import { applySetId, TOOLING } from '../../src/deploy/removal/applyset.js'
import type { KubeObject } from '../../src/kube-object.js'
import {
  deploymentYaml,
  errorsOf,
  outcomeOf,
  resourcesOf,
  setUpE2e,
  start,
  stillRunningAfter,
  type E2eContext
} from './support/e2e-context.js'

/**
 * `prune: true` on the local cluster: an ApplySet in kubectl's format (KEP-3659) whose parent and
 * members `kubectl --applyset` reads too; what the manifests drop is deleted and waited on until gone,
 * and nothing outside the set is touched, not even an object of the same kind in the same namespace
 * or a member of another set.
 */
let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'prune')
})
afterAll(async () => {
  try {
    admin(e2e.cluster, [
      'patch',
      'configmap',
      'dropped',
      '-n',
      namespace,
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":null}}'
    ])
  } catch {
    // gone
  }
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

const HOLD = 'kube-deploy.test/hold'
const PART_OF = 'applyset.kubernetes.io/part-of'

function configMapYaml(name: string, finalizers: string[] = []): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  finalizers: ${JSON.stringify(finalizers)}
data: {key: value}
`
}

const exists = (kind: string, name: string): boolean =>
  admin(e2e.cluster, ['get', kind, name, '-n', namespace, '--ignore-not-found', '-o', 'name']).trim() !== ''

const labelsOf = (kind: string, name: string): Record<string, string> =>
  adminJson<KubeObject>(e2e.cluster, ['get', kind, name, '-n', namespace]).metadata.labels ?? {}

/** kubectl with its ApplySet support switched on, as the admin. */
function kubectlApplySet(args: string[], input?: string): { status: number; output: string } {
  try {
    const output = execFileSync(e2e.cluster.kubectl, ['--kubeconfig', e2e.cluster.kubeconfigFile, ...args], {
      input,
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), KUBECTL_APPLYSET: 'true' },
      stdio: ['pipe', 'pipe', 'pipe']
    }).toString()
    return { status: 0, output }
  } catch (error) {
    const failure = error as { status: number; stdout: Buffer; stderr: Buffer }
    return { status: failure.status, output: `${failure.stdout.toString()}${failure.stderr.toString()}` }
  }
}

describe('prune: true', () => {
  const web = deploymentYaml('web', { replicas: 1 })
  const kept = configMapYaml('kept')
  const dropped = configMapYaml('dropped', [HOLD])

  it('deletes exactly the object the manifests dropped, waits until it is gone, and touches nothing outside the set', async () => {
    // Outside the set: the same kind in the same namespace, unlabelled; and a member of another set.
    admin(e2e.cluster, ['apply', '-n', namespace, '-f', '-'], configMapYaml('outsider'))
    const other = await e2e.run({
      namespace,
      manifests: await e2e.manifest(configMapYaml('other-member')),
      prune: 'true',
      applyset: 'other-set'
    })
    expect(outcomeOf(other)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })

    const first = await e2e.run({
      namespace,
      manifests: await e2e.manifest([web, kept, dropped].join('---\n')),
      prune: 'true',
      applyset: 'shop'
    })
    expect(outcomeOf(first)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    const id = applySetId('shop', namespace, 'Secret', '')
    expect(labelsOf('configmap', 'dropped')[PART_OF]).toBe(id)
    expect(labelsOf('deployment', 'web')[PART_OF]).toBe(id)

    // The parent, as kubectl writes one (a Secret in the step's namespace).
    const parent = adminJson<KubeObject>(e2e.cluster, ['get', 'secret', 'shop', '-n', namespace])
    expect(parent.metadata.labels).toEqual({ 'applyset.kubernetes.io/id': id })
    expect(parent.metadata.annotations).toEqual({
      'applyset.kubernetes.io/tooling': TOOLING,
      'applyset.kubernetes.io/contains-group-kinds': 'ConfigMap,Deployment.apps',
      'applyset.kubernetes.io/additional-namespaces': ''
    })

    const running = start(e2e, {
      namespace,
      manifests: await e2e.manifest([web, kept].join('---\n')),
      prune: 'true',
      applyset: 'shop'
    })
    await eventually(
      'the dropped ConfigMap to be terminating',
      () =>
        admin(e2e.cluster, [
          'get',
          'configmap',
          'dropped',
          '-n',
          namespace,
          '-o',
          'jsonpath={.metadata.deletionTimestamp}'
        ]) || undefined
    )
    // Held by its finalizer, the pruned ConfigMap still exists: the run waits for it.
    expect(await stillRunningAfter(running, 3000)).toBe(true)
    admin(e2e.cluster, [
      'patch',
      'configmap',
      'dropped',
      '-n',
      namespace,
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]'
    ])
    const second = await running.result

    expect(outcomeOf(second)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(second.log).toContain(`terminating: waiting for finalizers ${HOLD}`)
    expect(resourcesOf(second).filter(row => row.action === 'pruned')).toEqual([
      expect.objectContaining({ kind: 'ConfigMap', name: 'dropped', status: 'ready', message: 'gone' })
    ])
    expect(exists('configmap', 'dropped')).toBe(false)
    for (const name of ['kept', 'outsider', 'other-member']) expect(exists('configmap', name)).toBe(true)
    expect(exists('deployment', 'web')).toBe(true)
    expect(exists('secret', 'other-set')).toBe(true)
  })

  it('is read by kubectl --applyset: the same id, parent and members; handed over, kubectl prunes nothing more', () => {
    const manifests = [web, kept].join('---\n')
    const id = applySetId('shop', namespace, 'Secret', '')
    // kubectl finds our parent under the same name and refuses it as another tool's set, as the KEP asks.
    const refused = kubectlApplySet(
      ['apply', '-n', namespace, '--server-side', '--prune', '--applyset=shop', '-f', '-'],
      manifests
    )
    expect(refused.status).not.toBe(0)
    expect(refused.output).toContain('managed by tooling "kube-deploy" instead of "kubectl"')

    // Handed over to kubectl (its tooling annotation), kubectl reads the same parent and members.
    const tooling = (value: string): string =>
      admin(e2e.cluster, [
        'annotate',
        'secret',
        'shop',
        '-n',
        namespace,
        '--overwrite',
        `applyset.kubernetes.io/tooling=${value}`
      ])
    tooling(`kubectl/${e2e.cluster.kubectlVersion}`)
    const applied = kubectlApplySet(
      ['apply', '-n', namespace, '--server-side', '--prune', '--applyset=shop', '-f', '-'],
      manifests
    )
    tooling(TOOLING)
    expect(applied).toMatchObject({ status: 0 })
    expect(applied.output).not.toContain('pruned')
    const parent = adminJson<KubeObject>(e2e.cluster, ['get', 'secret', 'shop', '-n', namespace])
    expect(parent.metadata.labels).toEqual({ 'applyset.kubernetes.io/id': id })
    expect(parent.metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds']).toBe(
      'ConfigMap,Deployment.apps'
    )
    const members = admin(e2e.cluster, [
      'get',
      'configmaps,deployments.apps',
      '-n',
      namespace,
      '-l',
      `${PART_OF}=${id}`,
      '-o',
      'name'
    ])
    expect(members.trim().split('\n').sort()).toEqual(['configmap/kept', 'deployment.apps/web'])
    for (const name of ['kept', 'outsider', 'other-member']) expect(exists('configmap', name)).toBe(true)
  })

  it('refuses a set another tool manages, changing nothing', async () => {
    const theirs = configMapYaml('theirs')
    const kubectl = kubectlApplySet(
      ['apply', '-n', namespace, '--server-side', '--prune', '--applyset=kubectl-set', '-f', '-'],
      theirs
    )
    expect(kubectl).toMatchObject({ status: 0 })
    const run = await e2e.run({
      namespace,
      manifests: await e2e.manifest(configMapYaml('mine')),
      prune: 'true',
      applyset: 'kubectl-set'
    })
    expect(outcomeOf(run).exitCode).toBe(1)
    expect(errorsOf(run)).toMatch(/ApplySet of another tool \(applyset\.kubernetes\.io\/tooling: kubectl\//)
    expect(exists('configmap', 'mine')).toBe(false)
    expect(exists('configmap', 'theirs')).toBe(true)
  })

  it('with dry-run: true lists what would be pruned and prunes nothing', async () => {
    const run = await e2e.run({
      namespace,
      manifests: await e2e.manifest(web),
      prune: 'true',
      applyset: 'shop',
      'dry-run': 'true'
    })
    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(run.log).toContain('configmap/kept would be pruned')
    expect(exists('configmap', 'kept')).toBe(true)
  })
})
