import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mapConcurrent } from '../../src/support/concurrency.js'
import { crdSchemaProblems } from '../../src/deploy/schema-check.js'
import type { KubeObject } from '../../src/kube-object.js'
import {
  admin,
  adminJson,
  createNamespace,
  deleteNamespace,
  eventually
} from '../../test/harness/test-cluster.js'
import { crdFor, objectFor, SCHEMA_GROUPS, schemaRows } from '../deploy/support/crd-schema-cases.js'
import {
  errorsOf,
  outcomeOf,
  resourcesOf,
  setUpE2e,
  summaryText,
  type E2eContext
} from './support/e2e-context.js'

/**
 * Bad input changes nothing, even where the server cannot dry-run an object where it goes: objects
 * bound for a namespace the same apply creates, and custom resources of CRDs the same apply defines.
 */

let e2e: E2eContext
/** The step's namespace, holding objects that must come out of every failed run untouched. */
let namespace: string
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`
const newNamespace = `fresh-${suffix}`
const apiGroup = `v${suffix}.kube-deploy.test`
const crdName = `gadgets.${apiGroup}`

const residents = (ns: string): string => `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: ${ns}}
data: {mode: resident}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: ghcr.io/kube-deploy/example-web:1.0.0}]
`

/** `Kind/name` → resourceVersion of what lives in the step's namespace. */
function residentVersions(): Record<string, string> {
  const list = adminJson<{ items: KubeObject[] }>(e2e.cluster, [
    'get',
    'configmaps,secrets,services,deployments,replicasets,serviceaccounts',
    '-n',
    namespace
  ])
  return Object.fromEntries(
    list.items.map(item => [`${item.kind}/${item.metadata.name}`, item.metadata.resourceVersion ?? ''])
  )
}

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'validate')
  admin(e2e.cluster, ['apply', '-f', '-'], residents(namespace))
  // The resident Deployment's controllers write its status until it is available: wait for that,
  // then for its versions to stay put.
  await eventually('the resident Deployment to be available', () => {
    const web = adminJson<KubeObject>(e2e.cluster, ['get', 'deployment', 'web', '-n', namespace])
    const conditions = JSON.stringify(web.status?.conditions ?? [])
    return web.status?.availableReplicas === 1 && conditions.includes('NewReplicaSetAvailable')
      ? true
      : undefined
  })
  const quietFor = 3
  const reads: string[] = []
  await eventually('the resident objects to settle', () => {
    reads.push(JSON.stringify(residentVersions()))
    const last = reads.slice(-quietFor)
    return last.length === quietFor && last.every(read => read === last[0]) ? true : undefined
  })
})

afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  deleteNamespace(e2e.cluster, newNamespace)
  admin(e2e.cluster, ['delete', 'crd', crdName, '--ignore-not-found', '--wait=false'])
  await e2e.mirror?.close()
})

/** The 1-based line of the document whose `kind:` line is `kindLine` (its apiVersion is just above). */
const lineOf = (text: string, kindLine: string, nth = 0): number =>
  text.split('\n').flatMap((line, index) => (line === kindLine ? [index] : []))[nth]

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const exists = (args: string[]): boolean => admin(e2e.cluster, [...args, '--ignore-not-found']).trim() !== ''

describe('objects bound for a namespace the same apply creates', () => {
  const set = (deployment: { replicas?: string; containerExtra?: string }): string => `apiVersion: v1
kind: Namespace
metadata:
  name: ${newNamespace}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: ${newNamespace}
data:
  mode: fresh
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${newNamespace}
spec:
  replicas: ${deployment.replicas ?? '1'}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: ghcr.io/kube-deploy/example-web:1.0.0${deployment.containerExtra ?? ''}
`

  it.each([
    [
      'an unknown field',
      { containerExtra: '\n        imagePullPolicyy: Always' },
      /unknown field "spec\.template\.spec\.containers\[0\]\.imagePullPolicyy"/
    ],
    ['a value of the wrong type', { replicas: 'two' }, /spec\.replicas/]
  ])('refuses %s before anything changes, naming file, line, field and namespace', async (_, bad, field) => {
    const text = set(bad)
    const file = await e2e.manifest(text, 'new-namespace.yaml')
    const before = residentVersions()
    const run = await e2e.run({ manifests: file, namespace })
    expect(outcomeOf(run)).toMatchObject({ exitCode: 1, status: 'failed' })
    const where = `new-namespace.yaml:${lineOf(text, 'kind: Deployment')}: rejected by the server (bound for namespace ${newNamespace}, which this apply creates; checked in namespace ${namespace}): `
    expect(errorsOf(run)).toMatch(new RegExp(escape(where)))
    expect(errorsOf(run)).toMatch(field)
    expect(exists(['get', 'namespace', newNamespace])).toBe(false)
    expect(resourcesOf(run).filter(resource => resource.action !== 'unchanged')).toEqual([])
    expect(residentVersions()).toEqual(before)
  })

  it('applies the same set made valid: the namespace, then what goes in it', async () => {
    const file = await e2e.manifest(set({}), 'new-namespace.yaml')
    const before = residentVersions()
    const run = await e2e.run({ manifests: file, namespace })
    expect(outcomeOf(run)).toMatchObject({ exitCode: 0, status: 'succeeded', error: '' })
    expect(resourcesOf(run).map(resource => [resource.kind, resource.namespace, resource.action])).toEqual([
      ['Namespace', '', 'created'],
      ['ConfigMap', newNamespace, 'created'],
      ['Deployment', newNamespace, 'created']
    ])
    expect(summaryText(run)).toContain('3 objects validated on the server')
    const settings = adminJson<KubeObject>(e2e.cluster, ['get', 'configmap', 'settings', '-n', newNamespace])
    expect(settings.data).toEqual({ mode: 'fresh' })
    // Objects of the same names in the stand-in namespace were only dry-run against.
    expect(residentVersions()).toEqual(before)
  })
})

describe('custom resources of a CRD the same apply defines', () => {
  const set = (spec: string): string => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${crdName}
spec:
  group: ${apiGroup}
  scope: Namespaced
  names: {kind: Gadget, plural: gadgets, singular: gadget, listKind: GadgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, minimum: 1}
              colour: {type: string, enum: [red, blue]}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: gadget-settings
data:
  a: b
---
apiVersion: ${apiGroup}/v1
kind: Gadget
metadata:
  name: first
spec: ${spec}
`

  it.each([
    ['a wrong type', '{size: big}', false, /spec\.size: must be of type integer, got string/],
    ['a missing required field', '{colour: red}', false, /spec\.size: Required value/],
    ['an unknown field', '{size: 1, weight: 3}', false, /unknown field "spec\.weight"/],
    ['an unknown field, applied server-side', '{size: 1, weight: 3}', true, /unknown field "spec\.weight"/]
  ])(
    'refuses %s before anything changes, naming file, line and field',
    async (_, spec, serverSide, field) => {
      const text = set(spec)
      const file = await e2e.manifest(text, 'gadgets.yaml')
      const before = residentVersions()
      const run = await e2e.run({ manifests: file, namespace, 'server-side': String(serverSide) })
      expect(outcomeOf(run)).toMatchObject({ exitCode: 1, status: 'failed' })
      const where = `gadgets.yaml:${lineOf(text, 'kind: Gadget')}: Gadget "first" does not match the schema of CustomResourceDefinition ${crdName}: `
      expect(errorsOf(run)).toMatch(new RegExp(escape(where)))
      expect(errorsOf(run)).toMatch(field)
      expect(exists(['get', 'crd', crdName])).toBe(false)
      expect(exists(['get', 'configmap', 'gadget-settings', '-n', namespace])).toBe(false)
      expect(residentVersions()).toEqual(before)
    }
  )

  it('applies the same set made valid', async () => {
    const file = await e2e.manifest(set('{size: 2, colour: blue}'), 'gadgets.yaml')
    const run = await e2e.run({ manifests: file, namespace })
    expect(outcomeOf(run)).toMatchObject({ exitCode: 0, status: 'succeeded', error: '' })
    expect(summaryText(run)).toContain('1 custom resource checked against the schemas of CRDs in this apply')
    expect(resourcesOf(run).map(resource => [resource.kind, resource.action, resource.status])).toEqual([
      ['CustomResourceDefinition', 'created', 'ready'],
      ['ConfigMap', 'created', 'ready'],
      ['Gadget', 'created', 'ready']
    ])
    const gadget = adminJson<KubeObject>(e2e.cluster, [
      'get',
      `gadgets.${apiGroup}`,
      'first',
      '-n',
      namespace
    ])
    expect(gadget.spec).toEqual({ size: 2, colour: 'blue' })
  })
})

describe('the local schema check', () => {
  const casesGroup = `cases-${suffix}.kube-deploy.test`
  const crds = SCHEMA_GROUPS.map(group => crdFor(group, casesGroup))
  const run = promisify(execFile)

  beforeAll(() => {
    admin(e2e.cluster, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: crds }))
    for (const crd of crds)
      admin(e2e.cluster, ['wait', '--for=condition=Established', `crd/${crd.metadata.name}`, '--timeout=60s'])
  })
  afterAll(() => {
    for (const crd of crds) admin(e2e.cluster, ['delete', 'crd', crd.metadata.name, '--wait=false'])
  })

  /** Whether the apiserver takes the object, created (client-side apply) or server-side applied. */
  async function serverAccepts(object: KubeObject, serverSide: boolean): Promise<boolean> {
    const verb = serverSide ? ['apply', '--server-side'] : ['create']
    const kubectl = run(e2e.cluster.kubectl, [
      '--kubeconfig',
      e2e.cluster.kubeconfigFile,
      ...verb,
      '--dry-run=server',
      '-n',
      namespace,
      '-f',
      '-'
    ])
    kubectl.child.stdin?.end(JSON.stringify(object))
    return kubectl.then(
      () => true,
      () => false
    )
  }

  it("gives the apiserver's verdict on every row of the table, created and server-side applied", async () => {
    const rows = schemaRows()
    const verdicts = await mapConcurrent(rows, 4, async row => {
      const object = objectFor(row.group, row.index, casesGroup)
      const crd = crdFor(row.group, casesGroup)
      return {
        row: row.name,
        expected: row.refused ? 'refused' : 'accepted',
        server: (await serverAccepts(object, row.serverSide)) ? 'accepted' : 'refused',
        local: crdSchemaProblems(object, crd, row).length === 0 ? 'accepted' : 'refused'
      }
    })
    const disagreements = verdicts.filter(
      verdict => verdict.server !== verdict.expected || verdict.local !== verdict.server
    )
    expect(disagreements).toEqual([])
    expect(verdicts.length).toBeGreaterThan(100)
  })
})
