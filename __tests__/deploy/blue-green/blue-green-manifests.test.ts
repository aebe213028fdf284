import { fixture } from '../../fixtures.js'
import { colorEntries } from '../../../src/deploy/blue-green/blue-green-manifests.js'
import type { ManifestObject } from '../../../src/manifests/load.js'

const deployment = fixture('deployment-complete')
const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: {
    type: 'NodePort',
    selector: { app: 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }]
  }
}
const entries = (): ManifestObject[] => [
  { object: structuredClone(deployment), source: 'k8s/app.yaml', line: 1 },
  { object: structuredClone(service), source: 'k8s/app.yaml', line: 30 }
]
const plan = {
  color: 'green' as const,
  live: 'blue' as const,
  service,
  since: '2026-11-26T14:40:00.000Z',
  namespace: 'shop'
}

describe('colorEntries', () => {
  const [colored, liveService, preview] = colorEntries(entries(), plan)

  it('renames the Deployment to its color, with the color in its selector and pods, marked as a preview', () => {
    const object = colored.object as unknown as {
      metadata: { name: string; labels: object; annotations: object }
      spec: { selector: object; template: { metadata: { labels: object } } }
    }
    expect(object.metadata.name).toBe('web-green')
    expect(object.metadata.labels).toMatchObject({ 'kube-deploy.dev/color': 'green' })
    expect(object.metadata.annotations).toMatchObject({ 'kube-deploy.dev/preview-since': plan.since })
    expect(object.spec.selector).toEqual({ matchLabels: { app: 'web', 'kube-deploy.dev/color': 'green' } })
    expect(object.spec.template.metadata.labels).toEqual({ app: 'web', 'kube-deploy.dev/color': 'green' })
    expect(colored.source).toBe('k8s/app.yaml')
  })

  it('keeps the declared live Service on the live color', () => {
    expect(liveService.object.spec?.selector).toEqual({ app: 'web', 'kube-deploy.dev/color': 'blue' })
  })

  it("adds the preview Service: the live one's ports as a ClusterIP, selecting the new color", () => {
    expect(preview.object).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web-preview', namespace: 'shop', labels: { 'kube-deploy.dev/preview-of': 'web' } },
      spec: {
        type: 'ClusterIP',
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
        selector: { app: 'web', 'kube-deploy.dev/color': 'green' }
      }
    })
  })

  it('leaves the entries it was given as they were', () => {
    const given = entries()
    colorEntries(given, plan)
    expect(given.map(entry => entry.object)).toEqual([deployment, service])
  })

  it('on the first deploy leaves the Service as declared: it switches once the color is ready', () => {
    const [, first] = colorEntries(entries(), { ...plan, color: 'blue', live: undefined })
    expect(first.object.spec?.selector).toEqual({ app: 'web' })
  })

  it('deploys one Deployment at a time', () => {
    const two = [
      ...entries(),
      { object: { ...deployment, metadata: { name: 'api' } }, source: 'k8s/api.yaml', line: 1 }
    ]
    expect(() => colorEntries(two, plan)).toThrow(
      'input "strategy": blue-green deploys one Deployment at a time; the manifests hold 2'
    )
  })
})
