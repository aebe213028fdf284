import { admin, createNamespace, deleteNamespace, eventually } from '../../test/harness/test-cluster.js'
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
 * `command: delete` on the local cluster: the objects of the manifests (or of `kinds` matching a
 * selector) are deleted and waited on until gone; a finalizer keeps the run waiting, and names itself
 * at a timeout. A finalizer no controller removes stands in for a Cluster API or Service Catalog one:
 * the test removes it itself.
 */
let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'delete')
})
afterAll(async () => {
  // Whatever a failed test left held, so that the namespace can go.
  for (const name of ['held', 'held-late'])
    try {
      admin(e2e.cluster, [
        'patch',
        'configmap',
        name,
        '-n',
        namespace,
        '--type=merge',
        '-p',
        '{"metadata":{"finalizers":null}}'
      ])
    } catch {
      // gone
    }
  // The CRD is cluster-wide: a failed test must not leave it (nor its held object) behind.
  const crd = `machines.${namespace}.delete.kube-deploy.test`
  for (const args of [
    ['patch', crd, 'worker', '-n', namespace, '--type=merge', '-p', '{"metadata":{"finalizers":null}}'],
    ['delete', 'crd', crd, '--ignore-not-found', '--wait=false']
  ])
    try {
      admin(e2e.cluster, args)
    } catch {
      // gone
    }
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

const HOLD = 'kube-deploy.test/hold'

function configMapYaml(name: string, labels: Record<string, string> = {}, finalizers: string[] = []): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
  finalizers: ${JSON.stringify(finalizers)}
data: {key: value}
`
}

const exists = (kind: string, name: string): boolean =>
  admin(e2e.cluster, ['get', kind, name, '-n', namespace, '--ignore-not-found', '-o', 'name']).trim() !== ''

const deletionTimestamp = (name: string): string =>
  admin(e2e.cluster, [
    'get',
    'configmap',
    name,
    '-n',
    namespace,
    '-o',
    'jsonpath={.metadata.deletionTimestamp}'
  ])

function release(name: string): void {
  admin(e2e.cluster, [
    'patch',
    'configmap',
    name,
    '-n',
    namespace,
    '--type=json',
    '-p',
    '[{"op":"remove","path":"/metadata/finalizers"}]'
  ])
}

/** A CRD of this file's own (cluster-scoped, so named apart per run) and one object of it, held by a finalizer. */
function machineYaml(group: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: machines.${group}
spec:
  group: ${group}
  scope: Namespaced
  names: {kind: Machine, plural: machines, singular: machine, listKind: MachineList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
---
apiVersion: ${group}/v1
kind: Machine
metadata:
  name: worker
  finalizers: [${HOLD}]
spec: {size: small}
`
}

describe('command: delete', () => {
  it('deprovisions a custom resource before its CRD: the CRD waits while a finalizer holds the object', async () => {
    const group = `${namespace}.delete.kube-deploy.test`
    const manifests = machineYaml(group)
    const applied = await e2e.run({ namespace, manifests: await e2e.manifest(manifests) })
    expect(outcomeOf(applied)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })

    const running = start(e2e, { command: 'delete', namespace, manifests: await e2e.manifest(manifests) })
    const machine = (field: string): string =>
      admin(e2e.cluster, [
        'get',
        `machines.${group}`,
        'worker',
        '-n',
        namespace,
        '--ignore-not-found',
        '-o',
        `jsonpath={${field}}`
      ])
    await eventually(
      'the Machine to be terminating',
      () => machine('.metadata.deletionTimestamp') || undefined
    )
    expect(await stillRunningAfter(running, 3000)).toBe(true)
    // Its controller (here, the test) still has the CRD while it finalizes the object.
    const crdDeletion = admin(e2e.cluster, [
      'get',
      'crd',
      `machines.${group}`,
      '-o',
      'jsonpath={.metadata.deletionTimestamp}'
    ])
    expect(crdDeletion).toBe('')
    admin(e2e.cluster, [
      'patch',
      `machines.${group}`,
      'worker',
      '-n',
      namespace,
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]'
    ])

    const run = await running.result
    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(resourcesOf(run).map(row => `${row.kind}/${row.name} ${row.action} ${row.message}`)).toEqual([
      'Machine/worker deleted gone',
      `CustomResourceDefinition/machines.${group} deleted gone`
    ])
    expect(
      admin(e2e.cluster, ['get', 'crd', `machines.${group}`, '--ignore-not-found', '-o', 'name']).trim()
    ).toBe('')
  })

  it('deletes the objects of the manifests and waits until a finalizer the test holds is released', async () => {
    const manifests = [configMapYaml('held', {}, [HOLD]), deploymentYaml('doomed', { replicas: 1 })].join(
      '---\n'
    )
    admin(e2e.cluster, ['apply', '-n', namespace, '-f', '-'], manifests)
    const file = await e2e.manifest(manifests)

    const running = start(e2e, { command: 'delete', namespace, manifests: file })
    await eventually('the ConfigMap to be terminating', () => deletionTimestamp('held') || undefined)
    // Held by its finalizer, the ConfigMap is still there: the run must still be waiting for it.
    expect(await stillRunningAfter(running, 3000)).toBe(true)
    expect(exists('configmap', 'held')).toBe(true)
    release('held')

    const run = await running.result
    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(exists('configmap', 'held')).toBe(false)
    expect(exists('deployment', 'doomed')).toBe(false)
    expect(run.log).toContain(`terminating: waiting for finalizers ${HOLD}`)
    const rows = resourcesOf(run)
    expect(rows.map(row => [row.kind, row.name, row.action, row.status, row.message]).sort()).toEqual([
      ['ConfigMap', 'held', 'deleted', 'ready', 'gone'],
      ['Deployment', 'doomed', 'deleted', 'ready', 'gone']
    ])
    // Reverse apply order: the Deployment (a workload) goes before its configuration.
    expect(run.log.indexOf('deployment/doomed deleted')).toBeLessThan(
      run.log.indexOf('configmap/held deleted')
    )
  })

  it('names the finalizers still there when the deadline passes', async () => {
    const manifests = configMapYaml('held-late', {}, [HOLD])
    admin(e2e.cluster, ['apply', '-n', namespace, '-f', '-'], manifests)
    const run = await e2e.run({
      command: 'delete',
      namespace,
      manifests: await e2e.manifest(manifests),
      timeout: '4s'
    })
    expect(outcomeOf(run)).toMatchObject({ exitCode: 1, status: 'timed-out' })
    expect(errorsOf(run)).toContain(`configmap/held-late: terminating: waiting for finalizers ${HOLD}`)
    release('held-late')
  })

  it('deletes by selector among explicit kinds, and nothing else', async () => {
    admin(
      e2e.cluster,
      ['apply', '-n', namespace, '-f', '-'],
      [
        configMapYaml('picked', { team: 'gone' }),
        configMapYaml('spared', { team: 'stays' }),
        deploymentYaml('picked-web', { replicas: 1 }).replace(
          'labels: {app: picked-web}',
          'labels: {app: picked-web, team: gone}'
        ),
        // Matches the selector but is of a kind not asked for.
        'apiVersion: v1\nkind: Secret\nmetadata: {name: picked-secret, labels: {team: gone}}\nstringData: {a: b}\n'
      ].join('---\n')
    )
    const run = await e2e.run({
      command: 'delete',
      namespace,
      selector: 'team=gone',
      kinds: 'configmaps, deployments.apps'
    })
    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(
      resourcesOf(run)
        .map(row => `${row.kind}/${row.name} ${row.action}`)
        .sort()
    ).toEqual(['ConfigMap/picked deleted', 'Deployment/picked-web deleted'])
    expect(exists('configmap', 'picked')).toBe(false)
    expect(exists('deployment', 'picked-web')).toBe(false)
    expect(exists('configmap', 'spared')).toBe(true)
    expect(exists('secret', 'picked-secret')).toBe(true)
  })

  it('reports an object already absent as already gone, and succeeds', async () => {
    const run = await e2e.run({
      command: 'delete',
      namespace,
      manifests: await e2e.manifest(configMapYaml('never-there'))
    })
    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(resourcesOf(run)).toEqual([
      expect.objectContaining({
        kind: 'ConfigMap',
        name: 'never-there',
        action: 'already gone',
        status: 'ready'
      })
    ])
  })

  it('refuses a kind the cluster does not serve before deleting anything', async () => {
    admin(e2e.cluster, ['apply', '-n', namespace, '-f', '-'], configMapYaml('kept', { team: 'kept' }))
    const run = await e2e.run({
      command: 'delete',
      namespace,
      selector: 'team=kept',
      kinds: 'configmaps, widgets.nowhere.example'
    })
    expect(outcomeOf(run).exitCode).toBe(1)
    expect(errorsOf(run)).toContain('input "kinds": the cluster serves no kind "widgets.nowhere.example"')
    expect(exists('configmap', 'kept')).toBe(true)
  })

  it('with dry-run: true lists what would go and deletes nothing', async () => {
    admin(e2e.cluster, ['apply', '-n', namespace, '-f', '-'], configMapYaml('dry', { team: 'dry' }))
    const run = await e2e.run({
      command: 'delete',
      namespace,
      selector: 'team=dry',
      kinds: 'configmaps',
      'dry-run': 'true'
    })
    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    expect(run.log).toContain('configmap/dry would be deleted')
    expect(exists('configmap', 'dry')).toBe(true)
  })
})
