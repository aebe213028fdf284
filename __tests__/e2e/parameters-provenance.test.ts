import * as path from 'node:path'
import { runAction, type ActionRun } from '../../test/harness/run-action.js'
import { adminJson, createNamespace, deleteNamespace, repoRoot } from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import { deploymentYaml, setUpE2e, type E2eContext } from './support/e2e-context.js'

/**
 * Parameters replaced on their way to a real cluster, and the provenance annotations: on the objects'
 * own metadata, never on a pod template, and no restart when the same commit is deployed again.
 */
let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'params')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

/** What a runner sets for one run of the `deploy` workflow on a push to main. */
const RUN = {
  GITHUB_SHA: '3b5d0c1f9e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: '7001',
  GITHUB_RUN_NUMBER: '12',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_WORKFLOW: 'deploy',
  GITHUB_ACTOR: 'octocat'
}

const relative = (file: string): string => path.relative(repoRoot, file)
const get = (kind: string, name: string): KubeObject =>
  adminJson<KubeObject>(e2e.cluster, ['get', kind, name, '-n', namespace])
/** `name/uid` of each object of a kind with the label app=<app>: the same list means none was replaced. */
const identities = (kind: string, app: string): string[] =>
  adminJson<{ items: KubeObject[] }>(e2e.cluster, ['get', kind, '-n', namespace, '-l', `app=${app}`])
    .items.map(item => `${item.metadata.name}/${item.metadata.uid}`)
    .sort()
const podsOf = (app: string): string[] => identities('pods', app)
const replicaSetsOf = (app: string): string[] => identities('replicasets', app)

function deploy(
  manifests: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<ActionRun> {
  return runAction({ ...e2e.baseInputs, manifests, namespace, ...inputs }, e2e.dirs, { env })
}

describe('parameters', () => {
  it('are replaced in names, labels and data before the cluster sees them, hostile values kept as strings', async () => {
    const file = await e2e.manifest(`apiVersion: v1
kind: ConfigMap
metadata:
  name: settings-\${parameters.stage}
  labels: {stage: "\${parameters.stage}"}
data:
  greeting: \${parameters.greeting}
  literal: $\${parameters.stage}
  port: \${parameters.port}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-\${parameters.stage}
spec:
  replicas: 1
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: ghcr.io/kube-deploy/example-web:\${parameters.tag}
`)
    const run = await deploy(relative(file), {
      parameters: 'stage=blue\ngreeting=a: b # not a comment, "quoted"\nport=8080\ntag=1.0.0'
    })
    expect(run.log).not.toMatch(/::error::/)
    expect(run.exitCode).toBe(0)
    const configMap = get('configmap', 'settings-blue')
    expect(configMap.metadata.labels).toEqual({ stage: 'blue' })
    expect(configMap.data).toEqual({
      greeting: 'a: b # not a comment, "quoted"',
      literal: '${parameters.stage}',
      port: '8080'
    })
    expect(get('deployment', 'api-blue').status?.availableReplicas).toBe(1)
    expect(run.log).toContain(`parameter greeting replaced at ${relative(file)}:7`)
    // The lines that say where a parameter went never quote its value (the diff preview shows the
    // objects as applied, values included: parameters are not secrets).
    const parameterLines = run.log.split('\n').filter(line => line.startsWith('parameter '))
    expect(parameterLines).toHaveLength(4)
    expect(parameterLines.join('\n')).not.toContain('not a comment')
  })

  it('refuse an undeclared reference with its file and line, changing nothing', async () => {
    const file = await e2e.manifest(`apiVersion: v1
kind: ConfigMap
metadata: {name: first-of-two}
data: {a: b}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: second-of-two}
data:
  a: \${parameters.stage}
  b: \${parameters.colour}
`)
    const run = await deploy(relative(file), { parameters: 'stage=blue\nunused=x' })
    expect(run.exitCode).not.toBe(0)
    expect(run.log).toContain(
      `::error::${relative(file)}:11: parameter "colour" is not declared in the \`parameters\` input`
    )
    const names = adminJson<{ items: KubeObject[] }>(e2e.cluster, [
      'get',
      'configmaps',
      '-n',
      namespace
    ]).items.map(item => item.metadata.name)
    expect(names).not.toContain('first-of-two')
    expect(names).not.toContain('second-of-two')
  })
})

describe('parameters in a patch', () => {
  it('are replaced in the patch body', async () => {
    const run = await runAction(
      {
        ...e2e.baseInputs,
        namespace,
        command: 'patch',
        'patch-target': 'configmap/settings-blue',
        patch: 'data:\n  greeting: hello ${parameters.who}\n',
        parameters: 'who=a: b'
      },
      e2e.dirs
    )
    expect(run.exitCode).toBe(0)
    expect(get('configmap', 'settings-blue').data).toMatchObject({ greeting: 'hello a: b' })
  })
})

describe('provenance', () => {
  let file: string
  beforeAll(async () => {
    file = await e2e.manifest(deploymentYaml('web', { replicas: 2 }))
  })

  it('annotates the Deployment, never its pod template, and the ReplicaSet records the change-cause', async () => {
    const run = await deploy(relative(file), { environment: 'staging' }, RUN)
    expect(run.exitCode).toBe(0)
    const deployment = get('deployment', 'web')
    expect(deployment.metadata.annotations).toMatchObject({
      'kube-deploy.dev/commit': RUN.GITHUB_SHA,
      'kube-deploy.dev/ref': 'refs/heads/main',
      'kube-deploy.dev/run-url': 'https://github.com/acme/shop/actions/runs/7001',
      'kube-deploy.dev/workflow': 'deploy',
      'kube-deploy.dev/actor': 'octocat',
      'kube-deploy.dev/environment': 'staging',
      'kubernetes.io/change-cause': 'kube-deploy 3b5d0c1 of main to staging by octocat (deploy #12)'
    })
    const template = (deployment.spec as { template: { metadata: KubeObject['metadata'] } }).template
    expect(template.metadata.annotations).toBeUndefined()
    const [replicaSet, ...others] = adminJson<{ items: KubeObject[] }>(e2e.cluster, [
      'get',
      'replicasets',
      '-n',
      namespace,
      '-l',
      'app=web'
    ]).items
    expect(others).toEqual([])
    // What `kubectl rollout history` shows, copied there by the Deployment controller.
    expect(replicaSet.metadata.annotations?.['kubernetes.io/change-cause']).toContain('kube-deploy 3b5d0c1')
  })

  it('changes nothing at all when the same run deploys the same commit again (a retry, a re-run)', async () => {
    const before = get('deployment', 'web')
    const replicaSets = replicaSetsOf('web')
    const pods = podsOf('web')
    const run = await deploy(relative(file), { environment: 'staging' }, { ...RUN, GITHUB_RUN_ATTEMPT: '2' })
    expect(run.exitCode).toBe(0)
    const after = get('deployment', 'web')
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion)
    expect(after.metadata.generation).toBe(before.metadata.generation)
    expect(replicaSetsOf('web')).toEqual(replicaSets)
    expect(podsOf('web')).toEqual(pods)
  })

  it('restarts nothing when another run deploys the same commit: only the metadata records it', async () => {
    const before = get('deployment', 'web')
    const replicaSets = replicaSetsOf('web')
    const pods = podsOf('web')
    const run = await deploy(
      relative(file),
      { environment: 'staging' },
      { ...RUN, GITHUB_RUN_ID: '7002', GITHUB_RUN_NUMBER: '13', GITHUB_ACTOR: 'hubot' }
    )
    expect(run.exitCode).toBe(0)
    const after = get('deployment', 'web')
    expect(after.metadata.annotations?.['kube-deploy.dev/run-url']).toBe(
      'https://github.com/acme/shop/actions/runs/7002'
    )
    expect(after.spec).toEqual(before.spec)
    // The API server counts a Deployment's annotations in its generation (it copies them to the
    // ReplicaSet); the template is the same, so the same ReplicaSet keeps the same pods.
    expect(after.metadata.generation).toBe((before.metadata.generation ?? 0) + 1)
    expect(replicaSetsOf('web')).toEqual(replicaSets)
    expect(podsOf('web')).toEqual(pods)
  })

  it('adds nothing with annotate: false', async () => {
    const other = await e2e.manifest(deploymentYaml('plain', { replicas: 1 }))
    const run = await deploy(relative(other), { annotate: 'false', environment: 'staging' }, RUN)
    expect(run.exitCode).toBe(0)
    const annotations = get('deployment', 'plain').metadata.annotations ?? {}
    expect(Object.keys(annotations).filter(key => key.startsWith('kube-deploy.dev/'))).toEqual([])
    expect(annotations).not.toHaveProperty(['kubernetes.io/change-cause'])
  })

  it('takes them away when a later run turns annotate off', async () => {
    const run = await deploy(relative(file), { annotate: 'false' }, RUN)
    expect(run.exitCode).toBe(0)
    const annotations = get('deployment', 'web').metadata.annotations ?? {}
    expect(Object.keys(annotations).filter(key => key.startsWith('kube-deploy.dev/'))).toEqual([])
    expect(annotations).not.toHaveProperty(['kubernetes.io/change-cause'])
  })
})
