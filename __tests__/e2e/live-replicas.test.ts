import { admin, adminJson, createNamespace, deleteNamespace } from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import { deploymentYaml, setUpE2e, type E2eContext } from './support/e2e-context.js'

let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'live-replicas')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

/** An autoscaler of the Deployment `name`. (No metrics server runs: the test scales as it would.) */
const autoscalerYaml = (name: string): string => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}
  minReplicas: 2
  maxReplicas: 10
`

const replicasOf = (name: string): number | undefined =>
  adminJson<KubeObject>(e2e.cluster, ['get', 'deployment', name, '-n', namespace]).spec?.replicas as
    number | undefined

/** Scales through the scale subresource, as an autoscaler does. */
const scale = (name: string, replicas: number): void => {
  admin(e2e.cluster, ['scale', `deployment/${name}`, '-n', namespace, `--replicas=${replicas}`])
}

async function deploy(text: string, inputs: Record<string, string> = {}) {
  return e2e.run({ manifests: await e2e.manifest(text), namespace, ...inputs })
}

describe('live capacity', () => {
  it('keeps the replicas an autoscaler set when the Deployment is deployed again', async () => {
    const manifests = (image: string) =>
      `${deploymentYaml('web', { replicas: 2, image })}---\n${autoscalerYaml('web')}`
    const first = await deploy(manifests('ghcr.io/kube-deploy/example-web:1.0.0'))
    expect(first.outputs.status).toBe('succeeded')
    expect(replicasOf('web')).toBe(2)
    // The first deploy of a Deployment not yet live takes the manifest's count... and the same run
    // already sees the autoscaler in the set.
    expect(first.log).toContain("deployment/web: not live yet, so the manifest's 2 replicas apply (HPA web)")

    scale('web', 5)
    const second = await deploy(manifests('ghcr.io/kube-deploy/example-web:1.1.0'))
    expect(second.log).not.toMatch(/::error::/)
    expect(second.outputs.status).toBe('succeeded')
    expect(second.log).toContain(
      'deployment/web: spec.replicas left to kubectl, which keeps the live 5 (HPA web)'
    )
    expect(replicasOf('web')).toBe(5)
    const deployment = adminJson<KubeObject>(e2e.cluster, ['get', 'deployment', 'web', '-n', namespace])
    expect(deployment.status?.availableReplicas).toBe(5)
    const container = (deployment.spec?.template as { spec: { containers: { image: string }[] } }).spec
      .containers[0]
    expect(container.image).toBe('ghcr.io/kube-deploy/example-web:1.1.0')

    // And again, with the field now the autoscaler's alone: still 5, no conflict.
    const third = await deploy(manifests('ghcr.io/kube-deploy/example-web:1.1.0'))
    expect(third.outputs.status).toBe('succeeded')
    expect(replicasOf('web')).toBe(5)
  })

  it('finds an autoscaler that lives in the cluster only, and keeps a count it never changed', async () => {
    admin(e2e.cluster, ['apply', '-n', namespace, '-f', '-'], autoscalerYaml('api'))
    const first = await deploy(deploymentYaml('api', { replicas: 3 }))
    expect(first.outputs.status).toBe('succeeded')
    expect(replicasOf('api')).toBe(3)

    // Only this action owns spec.replicas: leaving it out would reset it to 1, so the live 3 is sent.
    const again = await deploy(deploymentYaml('api', { replicas: 1 }))
    expect(again.outputs.status).toBe('succeeded')
    expect(again.log).toContain('deployment/api: keeping the live 3 replicas (HPA api)')
    expect(replicasOf('api')).toBe(3)
  })

  it('keeps the live count of a Deployment marked use-live-replicas, client-side too', async () => {
    const marked = deploymentYaml('worker', { replicas: 2 }).replace(
      '  labels: {app: worker}\n',
      '  labels: {app: worker}\n  annotations: {kube-deploy.dev/use-live-replicas: "true"}\n'
    )
    expect((await deploy(marked)).outputs.status).toBe('succeeded')
    scale('worker', 4)
    const run = await deploy(marked.replace('example-web:1.0.0', 'example-web:1.1.0'), {
      'server-side': 'false'
    })
    expect(run.outputs.status).toBe('succeeded')
    expect(run.log).toContain(
      'deployment/worker: keeping the live 4 replicas (kube-deploy.dev/use-live-replicas)'
    )
    expect(replicasOf('worker')).toBe(4)
  })

  it("applies the manifest's count to a Deployment no autoscaler targets", async () => {
    expect((await deploy(deploymentYaml('plain', { replicas: 2 }))).outputs.status).toBe('succeeded')
    scale('plain', 4)
    // Server-side apply: the count `kubectl scale` set is its field now, and taking it back is a conflict.
    const refused = await deploy(deploymentYaml('plain', { replicas: 2 }))
    expect(refused.outputs.status).toBe('failed')
    expect(refused.log).toMatch(/deployment\/plain: .*conflict.*force-conflicts: true takes them over/i)
    expect(replicasOf('plain')).toBe(4)
    const run = await deploy(deploymentYaml('plain', { replicas: 2 }), { 'force-conflicts': 'true' })
    expect(run.outputs.status).toBe('succeeded')
    expect(replicasOf('plain')).toBe(2)
  })
})
