import { jest } from '@jest/globals'
import { helmPreview } from '../../../src/deploy/preview/helm-preview.js'
import { forgetSecretsForTests, maskSecrets } from '../../../src/tool-runners/secret-values.js'
import { fakeClusterClient, status } from '../support/fake-cluster-client.js'

/** What `helm template` prints: objects without a namespace, a hook among them. */
const rendered = `---
# Source: web/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-config
data:
  GREETING: "hello s3cret-greeting"
---
# Source: web/templates/tests/test.yaml
apiVersion: v1
kind: Pod
metadata:
  name: shop-test
  annotations:
    helm.sh/hook: test
spec:
  containers: [{name: t, image: busybox}]
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec: {size: 1}
`

describe('helmPreview', () => {
  let log: string
  beforeEach(() => {
    log = ''
    jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      log += String(chunk)
      return true
    })
  })
  afterEach(() => {
    jest.restoreAllMocks()
    forgetSecretsForTests()
  })

  it('dry-runs each rendered object in the release namespace, leaves hooks out and masks set values', async () => {
    maskSecrets(['s3cret-greeting'])
    const { client, sent } = fakeClusterClient(request => {
      if (request.method === 'GET') return status(404, 'not found')
      if (request.path.includes('/widgets/'))
        return status(422, 'Widget.example.com "w" is invalid: spec.size: Unsupported')
      return { status: 201, body: request.body }
    })
    const preview = await helmPreview(client, rendered, 'shop', 'shop')
    expect(
      preview.map(change => [change.ref.kind, change.ref.namespace, change.action, change.source])
    ).toEqual([
      ['ConfigMap', 'shop', 'created', 'helm release shop'],
      ['Widget', 'shop', 'created', 'helm release shop']
    ])
    expect(preview[0].diff).toContain('+  GREETING: hello ***')
    expect(JSON.stringify(preview)).not.toContain('s3cret-greeting')
    // The object the server refused is shown as rendered, and the log says why.
    expect(preview[1].diff).toContain('+  size: 1')
    expect(log).toContain(
      'widget/w: previewed from the chart, not dry-run: Widget.example.com "w" is invalid'
    )
    expect(sent.filter(request => request.method === 'PATCH').map(request => request.path)).toEqual([
      '/api/v1/namespaces/shop/configmaps/shop-config?fieldManager=kube-deploy&fieldValidation=Strict&dryRun=All&force=true',
      '/apis/example.com/v1/namespaces/shop/widgets/w?fieldManager=kube-deploy&fieldValidation=Strict&dryRun=All&force=true'
    ])
  })
})
