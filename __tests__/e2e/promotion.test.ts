import { adminJson, deleteNamespace } from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import { setUpE2e, type E2eContext } from './support/e2e-context.js'

/**
 * The promotion flow of examples/workflows/promote.yml, played on the local cluster with two
 * namespaces as environments: deploy a new image to staging, read what runs there with the
 * read-only status command, deploy exactly those images to production.
 */
let e2e: E2eContext
const staging = 'example-staging'
const production = 'example-production'

beforeAll(async () => {
  e2e = await setUpE2e()
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, staging)
  deleteNamespace(e2e.cluster, production)
  await e2e.mirror?.close()
})

const imageOf = (namespace: string): string =>
  (
    adminJson<KubeObject>(e2e.cluster, ['get', 'deployment', 'web', '-n', namespace]).spec as {
      template: { spec: { containers: { image: string }[] } }
    }
  ).template.spec.containers[0].image

describe('promotion from staging to production', () => {
  const release = `ghcr.io/kube-deploy/example-web:1.${Date.now()}`

  it('deploys a new image to staging', async () => {
    const run = await e2e.run({
      kustomize: 'examples/app/overlays/staging',
      images: release,
      selector: 'app.kubernetes.io/name=web',
      namespace: staging
    })
    expect(run.log).not.toMatch(/::error::/)
    expect(run.outputs.status).toBe('succeeded')
    expect(imageOf(staging)).toBe(release)
    // The overlay versions its settings: the Deployment reads web-config-<content hash>.
    const deployment = adminJson<KubeObject>(e2e.cluster, ['get', 'deployment', 'web', '-n', staging])
    const { envFrom } = (
      deployment.spec as {
        template: { spec: { containers: { envFrom: { configMapRef: { name: string } }[] }[] } }
      }
    ).template.spec.containers[0]
    expect(envFrom[0].configMapRef.name).toMatch(/^web-config-[a-z0-9]{10}$/)
    adminJson(e2e.cluster, ['get', 'configmap', envFrom[0].configMapRef.name, '-n', staging])
  })

  it('reads what runs in staging without changing anything, then deploys exactly that to production', async () => {
    const before = adminJson<KubeObject>(e2e.cluster, ['get', 'deployment', 'web', '-n', staging]).metadata
      .resourceVersion
    const status = await e2e.run({
      command: 'status',
      kustomize: 'examples/app/overlays/staging',
      namespace: staging
    })
    expect(status.exitCode).toBe(0)
    expect(status.outputs.status).toBe('succeeded')
    expect(
      adminJson<KubeObject>(e2e.cluster, ['get', 'deployment', 'web', '-n', staging]).metadata.resourceVersion
    ).toBe(before)
    expect(JSON.parse(status.outputs.resources)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'Deployment', name: 'web', action: 'observed', status: 'ready' })
      ])
    )
    expect(status.summary).toContain('kube-deploy: status succeeded')

    // What promote.yml does with jq: one image reference per line.
    const images = [
      ...new Set(
        Object.values(JSON.parse(status.outputs.images) as Record<string, Record<string, string>>).flatMap(
          containers => Object.values(containers)
        )
      )
    ]
    expect(images).toEqual([
      expect.stringMatching(new RegExp(`^${release.replace(/[.]/g, '\\.')}(@sha256:[0-9a-f]{64})?$`))
    ])

    const promote = await e2e.run({
      kustomize: 'examples/app/overlays/production',
      images: images.join('\n'),
      selector: 'app.kubernetes.io/name=web',
      namespace: production
    })
    expect(promote.log).not.toMatch(/::error::/)
    expect(promote.outputs.status).toBe('succeeded')
    expect(imageOf(production)).toBe(images[0])
    expect(JSON.parse(promote.outputs.images)).toEqual({ 'deployment/web': { web: images[0] } })
    expect(promote.summary).toContain(images[0])
    expect(JSON.parse(promote.outputs.resources)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'Deployment',
          namespace: production,
          status: 'ready',
          message: '3 of 3 replicas available'
        })
      ])
    )
  })

  it('reports the status of pods by selector alone', async () => {
    const run = await e2e.run({
      command: 'status',
      selector: 'app.kubernetes.io/name=web',
      namespace: production
    })
    expect(run.exitCode).toBe(0)
    expect(run.summary).toContain(
      'Pods matching <code>app.kubernetes.io/name=web</code>: 3, 3 of 3 pods ready'
    )
    expect(Object.keys(JSON.parse(run.outputs.images) as object)).toEqual(['deployment/web'])
  })
})
