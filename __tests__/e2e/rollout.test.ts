import {
  admin,
  adminJson,
  createNamespace,
  deleteNamespace,
  eventually
} from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import { deploymentYaml, setUpE2e, type E2eContext } from './support/e2e-context.js'

let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'rollout')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

/** Writes a Website's status through the status subresource, as its controller would. */
function writeStatus(name: string, status: Record<string, unknown>): void {
  admin(e2e.cluster, [
    'patch',
    'website',
    name,
    '-n',
    namespace,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status })
  ])
}

/** Whether the Website exists yet (before its CRD is served, kubectl does not know the type). */
const websiteExists = (name: string) => (): string | undefined => {
  try {
    return (
      admin(e2e.cluster, [
        'get',
        `websites.example.kube-deploy.dev/${name}`,
        '-n',
        namespace,
        '--ignore-not-found',
        '-o',
        'name'
      ]).trim() || undefined
    )
  } catch {
    return undefined
  }
}

const website = (name: string) =>
  `apiVersion: example.kube-deploy.dev/v1\nkind: Website\nmetadata: {name: ${name}}\nspec: {domain: ${name}.example.com}\n`

describe('custom resources and their controllers', () => {
  it('applies the CRD first, waits until it is Established, then waits for the resource to be Ready', async () => {
    const running = e2e.run({ manifests: 'examples/app/custom', namespace })
    await eventually('the Website', websiteExists('shop'))
    await new Promise(resolve => setTimeout(resolve, 1000))
    writeStatus('shop', {
      observedGeneration: 1,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Provisioned',
          message: 'site is live',
          lastTransitionTime: new Date().toISOString()
        }
      ]
    })
    const run = await running
    expect(run.log).not.toMatch(/::error::/)
    expect(run.exitCode).toBe(0)
    const resources = JSON.parse(run.outputs.resources) as { kind: string; status: string; message: string }[]
    expect(resources.map(r => [r.kind, r.status, r.message])).toEqual([
      ['CustomResourceDefinition', 'ready', 'established'],
      ['Website', 'ready', 'Ready: Provisioned: site is live']
    ])
    // The CRD is applied (and Established) before the resource of its kind is even sent.
    // (cluster-scoped, so an earlier run may have created it already)
    const crdApplied = run.log.search(
      /customresourcedefinition\/websites\.example\.kube-deploy\.dev (created|configured|unchanged)/
    )
    expect(crdApplied).toBeGreaterThan(0)
    expect(run.log.indexOf('website/shop created')).toBeGreaterThan(crdApplied)
    expect(run.log).toContain(
      `website/shop (${namespace}): waiting: waiting for the controller to report status`
    )
  })

  it('waits for the CRD alone first, then for everything with the selector', async () => {
    const running = e2e.run({
      manifests: 'examples/app/custom\nexamples/app/base',
      namespace,
      selector: 'app.kubernetes.io/name=web'
    })
    await eventually('the Website', websiteExists('shop'))
    writeStatus('shop', {
      observedGeneration: 1,
      conditions: [
        { type: 'Ready', status: 'True', reason: 'Provisioned', lastTransitionTime: new Date().toISOString() }
      ]
    })
    const run = await running
    expect(run.log).not.toMatch(/::error::/)
    expect(run.outputs.status).toBe('succeeded')
    expect(run.summary).toContain(
      'Pods matching <code>app.kubernetes.io/name=web</code>: 3, 3 of 3 pods ready'
    )
  })

  it('fails at once when the controller reports Stalled', async () => {
    const file = await e2e.manifest(website('stuck'))
    const running = e2e.run({ manifests: file, namespace })
    await eventually('the Website', websiteExists('stuck'))
    writeStatus('stuck', {
      observedGeneration: 1,
      conditions: [
        {
          type: 'Stalled',
          status: 'True',
          reason: 'InvalidDomain',
          message: 'stuck.example.com is not delegated to us',
          lastTransitionTime: new Date().toISOString()
        }
      ]
    })
    const run = await running
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain(
      '::error::rollout failed: website/stuck: Stalled: InvalidDomain: stuck.example.com is not delegated to us'
    )
  })

  it('waits for the condition named in ready-conditions', async () => {
    const file = await e2e.manifest(website('named'))
    const running = e2e.run({
      manifests: file,
      namespace,
      'ready-conditions': 'Website.example.kube-deploy.dev=Serving'
    })
    await eventually('the Website', websiteExists('named'))
    const now = new Date().toISOString()
    writeStatus('named', {
      observedGeneration: 1,
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: now },
        { type: 'Serving', status: 'False', reason: 'WarmingCaches', lastTransitionTime: now }
      ]
    })
    await new Promise(resolve => setTimeout(resolve, 1500))
    writeStatus('named', {
      observedGeneration: 1,
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: now },
        { type: 'Serving', status: 'True', reason: 'TrafficShifted', lastTransitionTime: now }
      ]
    })
    const run = await running
    expect(run.exitCode).toBe(0)
    // Ready=True alone was not enough: the run ended only once Serving turned True.
    expect(run.log).toContain(`website/named (${namespace}): ready: Serving: TrafficShifted`)
    expect(JSON.parse(run.outputs.resources)[0].message).toBe('Serving: TrafficShifted')
  })
})

describe('failures, with evidence', () => {
  it('names a crash loop and shows the container log and events', async () => {
    const file = await e2e.manifest(deploymentYaml('crashy', { replicas: 1, simulate: 'crash-loop' }))
    const run = await e2e.run({ manifests: file, namespace })
    expect(run.exitCode).toBe(1)
    expect(run.log).toMatch(
      /::error::rollout failed: deployment\/crashy: CrashLoopBackOff: back-off \d+s restarting failed container=app .*\(last exit code 1, \d+ restarts\)/
    )
    expect(run.log).toContain('Evidence of the failure')
    expect(run.summary).toContain('Evidence: deployment/crashy')
    expect(run.summary).toContain('panic: failed to initialize storage')
  })

  it('reports ProgressDeadlineExceeded from the controller', async () => {
    const manifest = deploymentYaml('slow', { replicas: 1, simulate: 'never-ready' }).replace(
      'spec:\n  replicas',
      'spec:\n  progressDeadlineSeconds: 2\n  replicas'
    )
    const run = await e2e.run({ manifests: await e2e.manifest(manifest), namespace })
    expect(run.exitCode).toBe(1)
    expect(run.log).toMatch(/::error::rollout failed: deployment\/slow: ProgressDeadlineExceeded: /)
  })

  it('stops at the deadline with timed-out and says what was not ready', async () => {
    const run = await e2e.run({
      manifests: await e2e.manifest(deploymentYaml('lazy', { replicas: 1, simulate: 'never-ready' })),
      namespace,
      timeout: '4s'
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('timed-out')
    expect(run.log).toContain('::error::rollout timed-out: deployment/lazy: 0 of 1 replicas available')
  })

  it('reports an unschedulable pod', async () => {
    const run = await e2e.run({
      manifests: await e2e.manifest(
        deploymentYaml('homeless', { replicas: 1, nodeSelector: 'disktype: nvme' })
      ),
      namespace
    })
    expect(run.exitCode).toBe(1)
    expect(run.log).toMatch(
      /::error::rollout failed: deployment\/homeless: Unschedulable: 0\/3 nodes are available/
    )
  })

  it('treats a selector that matches no pod as an error', async () => {
    const run = await e2e.run({
      manifests: await e2e.manifest(deploymentYaml('lonely', { replicas: 1 })),
      namespace,
      selector: 'app=nobody'
    })
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain('no pod matches selector "app=nobody"')
  })
})

describe('rollback-on-failure', () => {
  it('puts a failed Deployment back to its previous spec and still fails the step', async () => {
    const good = await e2e.manifest(
      deploymentYaml('api', { replicas: 2, image: 'ghcr.io/kube-deploy/api:1.0.0' })
    )
    expect((await e2e.run({ manifests: good, namespace })).exitCode).toBe(0)
    const bad = await e2e.manifest(
      deploymentYaml('api', {
        replicas: 2,
        image: 'ghcr.io/kube-deploy/api:1.0.1',
        simulate: 'image-pull-error'
      })
    )
    const run = await e2e.run({ manifests: bad, namespace, 'rollback-on-failure': 'true' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(run.summary).toContain('Rollback: succeeded')
    expect(run.summary).toContain('deployment/api restored')
    const deployment = adminJson<KubeObject>(e2e.cluster, ['get', 'deployment', 'api', '-n', namespace])
    expect(JSON.stringify(deployment.spec)).toContain('ghcr.io/kube-deploy/api:1.0.0')
    expect(deployment.status?.availableReplicas).toBe(2)
  })
})
