import { checkOnServer } from '../../src/deploy/server-check.js'
import type { ManifestObject } from '../../src/manifests/load.js'
import { fakeClusterClient, status, type SentRequest } from './support/fake-cluster-client.js'

const deployment = (name: string, namespace: string): ManifestObject => ({
  object: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: { replicas: 1 }
  },
  source: 'k8s/app.yaml',
  line: 7
})

const invalid = (name: string) =>
  status(
    422,
    `Deployment.apps "${name}" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0`,
    {
      name
    }
  )

describe('checkOnServer', () => {
  it('server-side applies each object as a strict dry run where it goes', async () => {
    const { client, sent } = fakeClusterClient(() => ({ status: 200 }))
    expect(await checkOnServer(client, [{ entry: deployment('web', 'shop') }])).toBe(1)
    expect(sent).toEqual([
      {
        method: 'PATCH',
        path: '/apis/apps/v1/namespaces/shop/deployments/web?fieldManager=kube-deploy&fieldValidation=Strict&dryRun=All&force=true',
        body: deployment('web', 'shop').object,
        contentType: 'application/apply-patch+yaml'
      }
    ])
  })

  it('names the file and line of what the server refuses', async () => {
    const { client } = fakeClusterClient(() => invalid('web'))
    await expect(checkOnServer(client, [{ entry: deployment('web', 'shop') }])).rejects.toThrow(
      'k8s/app.yaml:7: rejected by the server: Deployment.apps "web" is invalid: spec.replicas'
    )
  })

  describe('an object bound for a namespace the apply creates', () => {
    const entry = deployment('web', 'preview')

    it('is dry-run created in the stand-in namespace, unchanged but for its namespace', async () => {
      const { client, sent } = fakeClusterClient(() => ({ status: 201 }))
      expect(await checkOnServer(client, [{ entry, standIn: 'shop' }])).toBe(1)
      expect(sent).toEqual([
        {
          method: 'POST',
          path: '/apis/apps/v1/namespaces/shop/deployments?fieldManager=kube-deploy-check&fieldValidation=Strict&dryRun=All',
          body: { ...entry.object, metadata: { ...entry.object.metadata, namespace: 'shop' } },
          contentType: 'application/json'
        }
      ])
      // the manifest itself keeps its namespace
      expect(entry.object.metadata.namespace).toBe('preview')
    })

    it('names the file, line and real namespace when refused', async () => {
      const { client } = fakeClusterClient(() => invalid('web'))
      await expect(checkOnServer(client, [{ entry, standIn: 'default' }])).rejects.toThrow(
        'k8s/app.yaml:7: rejected by the server (bound for namespace preview, which this apply creates; ' +
          'checked in namespace default): Deployment.apps "web" is invalid: spec.replicas'
      )
    })

    it('lets the server pick a free name when the stand-in holds one of the same name, and says the real one', async () => {
      const answer = (request: SentRequest) => {
        const metadata = (request.body as { metadata: { name?: string; generateName?: string } }).metadata
        if (metadata.name === 'web') return status(409, 'deployments.apps "web" already exists')
        expect(metadata.generateName).toBe('web')
        return invalid('webx7k2q')
      }
      const { client, sent } = fakeClusterClient(answer)
      await expect(checkOnServer(client, [{ entry, standIn: 'default' }])).rejects.toThrow(
        /: Deployment\.apps "web" is invalid: spec\.replicas/
      )
      expect(sent).toHaveLength(2)
    })

    it('keeps a generated name within what the server keeps of a prefix', async () => {
      const long = deployment('a'.repeat(63), 'preview')
      const { client, sent } = fakeClusterClient(request =>
        (request.body as { metadata: { name?: string } }).metadata.name
          ? status(409, 'exists')
          : { status: 201 }
      )
      expect(await checkOnServer(client, [{ entry: long, standIn: 'default' }])).toBe(1)
      expect((sent[1].body as { metadata: { generateName: string } }).metadata.generateName).toHaveLength(58)
    })

    it.each([
      [
        403,
        'deployments.apps is forbidden: User "ci" cannot create resource "deployments" in the namespace "default"'
      ],
      [404, 'namespaces "default" not found']
    ])('takes a %i about the stand-in as no verdict: the apply will tell', async (code, message) => {
      const { client } = fakeClusterClient(() => status(code, message))
      expect(await checkOnServer(client, [{ entry, standIn: 'default' }])).toBe(0)
    })
  })

  it('judges all objects, and reports the first refused in manifest order', async () => {
    const { client, sent } = fakeClusterClient(request =>
      request.path.includes('/bad') ||
      (request.body as { metadata: { name: string } }).metadata.name === 'worse'
        ? invalid('x')
        : { status: 200 }
    )
    const entries = [
      { entry: { ...deployment('good', 'shop'), line: 1 } },
      { entry: { ...deployment('bad', 'shop'), line: 9 } },
      { entry: { ...deployment('worse', 'new'), line: 20 }, standIn: 'shop' }
    ]
    await expect(checkOnServer(client, entries)).rejects.toThrow(/^k8s\/app\.yaml:9: /)
    expect(sent).toHaveLength(3)
  })
})
