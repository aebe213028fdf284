import { applyPreview } from '../../../src/deploy/preview/apply-preview.js'
import type { ValidationTarget } from '../../../src/deploy/validation-targets.js'
import type { KubeObject } from '../../../src/kube-object.js'
import type { ManifestObject } from '../../../src/manifests/load.js'
import { fixture } from '../../fixtures.js'
import { fakeClusterClient, status } from '../support/fake-cluster-client.js'

const entry = (object: KubeObject, line = 1): ManifestObject => ({ object, source: 'k8s/app.yaml', line })

function withImage(object: KubeObject, image: string): KubeObject {
  const copy = structuredClone(object)
  ;(copy.spec?.template as { spec: { containers: { image: string }[] } }).spec.containers[0].image = image
  return copy
}

describe('applyPreview', () => {
  const live = fixture('deployment-complete')
  const web = entry(withImage(live, 'ghcr.io/acme/web:1.5.0'), 3)

  it('diffs the live object against the dry run the server check already made: no second dry run', async () => {
    const { client, sent } = fakeClusterClient(request =>
      request.method === 'GET' ? { status: 200, body: live } : status(500, 'no write expected')
    )
    const answers = new Map([[web, { object: withImage(live, 'ghcr.io/acme/web:1.5.0'), created: false }]])
    const [change] = await applyPreview(client, [{ check: 'server', entry: web }], answers)
    expect(change).toMatchObject({
      ref: { kind: 'Deployment', name: 'web', namespace: 'shop' },
      action: 'configured',
      source: 'k8s/app.yaml:3'
    })
    expect(change.diff).toContain('+        - image: ghcr.io/acme/web:1.5.0')
    expect(sent.map(request => request.method)).toEqual(['GET'])
  })

  it('says created for an object that does not exist', async () => {
    const { client } = fakeClusterClient(() => status(404, 'not found'))
    const answers = new Map([[web, { object: web.object, created: false }]])
    const [change] = await applyPreview(client, [{ check: 'server', entry: web }], answers)
    expect(change.action).toBe('created')
  })

  it('reads nothing for an object the dry run said it would create', async () => {
    const { client, sent } = fakeClusterClient(() => status(500, 'no request expected'))
    const answers = new Map([[web, { object: web.object, created: true }]])
    const [change] = await applyPreview(client, [{ check: 'server', entry: web }], answers)
    expect(change.action).toBe('created')
    expect(sent).toEqual([])
  })

  it('shows the manifest itself, created, for an object bound for a namespace the apply creates', async () => {
    const { client, sent } = fakeClusterClient(() => status(500, 'no request expected'))
    const preview = entry({ ...web.object, metadata: { name: 'web', namespace: 'preview' } })
    const [change] = await applyPreview(
      client,
      [{ check: 'stand-in', entry: preview, standIn: 'shop' }],
      new Map()
    )
    expect(change.action).toBe('created')
    expect(change.diff).toContain('+  namespace: preview')
    expect(sent).toEqual([])
  })

  describe('a custom resource of a CRD in the same set', () => {
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' }
    }
    const widget = entry({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'shop' },
      spec: { size: 2 }
    })
    const target: ValidationTarget = { check: 'schema', entry: widget, crd }

    it('is created, shown as its manifest, when it does not exist yet', async () => {
      const { client } = fakeClusterClient(() => status(404, 'not found'))
      const [change] = await applyPreview(client, [target], new Map())
      expect(change.action).toBe('created')
      expect(change.diff).toContain('+  size: 2')
    })

    it('is dry-run on its own when it and its kind exist already', async () => {
      const stored = {
        ...widget.object,
        metadata: { ...widget.object.metadata, uid: 'u1' },
        spec: { size: 1 }
      }
      const { client, sent } = fakeClusterClient(request =>
        request.method === 'GET'
          ? { status: 200, body: stored }
          : { status: 200, body: { ...stored, spec: { size: 2 } } }
      )
      const [change] = await applyPreview(client, [target], new Map())
      expect(change.action).toBe('configured')
      expect(change.diff).toContain('-  size: 1\n+  size: 2')
      expect(sent[1].path).toContain('fieldManager=kube-deploy&fieldValidation=Strict&dryRun=All&force=true')
    })
  })
})
