import { PartialChangeError } from '../../src/deploy/change-set.js'
import { serverSideApply } from '../../src/deploy/server-side-apply.js'
import type { KubeObject } from '../../src/kube-object.js'
import type { ManifestObject } from '../../src/manifests/load.js'
import { fakeClusterClient, status } from './support/fake-cluster-client.js'

const entry = (kind: string, name: string, line: number): ManifestObject => ({
  object: {
    apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
    kind,
    metadata: { name, namespace: 'shop' }
  },
  source: 'app.yaml',
  line
})

/** A server that holds `live` (by name), answers an apply with a new resourceVersion unless `same`. */
function serverWith(
  live: Record<string, KubeObject>,
  same: string[] = [],
  refuse: Record<string, number> = {}
) {
  return fakeClusterClient(request => {
    const name = request.path.split('?')[0].split('/').pop() ?? ''
    if (request.method === 'GET')
      return live[name] ? { status: 200, body: live[name] } : status(404, 'not found')
    if (refuse[name])
      return status(
        refuse[name],
        `Apply failed with 1 conflict: conflict with "kubectl-edit": .spec.replicas`
      )
    const body = request.body as KubeObject
    if (!live[name])
      return { status: 201, body: { ...body, metadata: { ...body.metadata, resourceVersion: '100' } } }
    const resourceVersion = same.includes(name) ? live[name].metadata.resourceVersion : '101'
    return { status: 200, body: { ...body, metadata: { ...body.metadata, resourceVersion } } }
  })
}

const liveObject = (kind: string, name: string): KubeObject => ({
  ...entry(kind, name, 1).object,
  metadata: { name, namespace: 'shop', resourceVersion: '7' }
})

describe('serverSideApply', () => {
  it('tells created, configured and unchanged from the server answers, namespaces first', async () => {
    const { client, sent } = serverWith(
      { web: liveObject('Deployment', 'web'), conf: liveObject('ConfigMap', 'conf') },
      ['conf']
    )
    const changes = await serverSideApply(
      client,
      [entry('Namespace', 'shop', 1), entry('ConfigMap', 'conf', 5), entry('Deployment', 'web', 9)],
      { forceConflicts: false }
    )
    expect(changes.map(change => `${change.ref.name} ${change.action} ${change.source}`)).toEqual([
      'shop created app.yaml:1',
      'conf unchanged app.yaml:5',
      'web configured app.yaml:9'
    ])
    expect(changes[2].previous?.metadata.resourceVersion).toBe('7')
    expect(changes[2].applied?.metadata.resourceVersion).toBe('101')
    // The Namespace level goes first, alone.
    expect(sent.slice(0, 2).map(request => `${request.method} ${request.path.split('?')[0]}`)).toEqual([
      'GET /api/v1/namespaces/shop',
      'PATCH /api/v1/namespaces/shop'
    ])
    expect(sent[1].path).toContain('fieldManager=kube-deploy&fieldValidation=Strict&force=false')
    expect(sent[1].contentType).toBe('application/apply-patch+yaml')
  })

  it('stops after a refused level, naming the file and line, and keeps what it changed', async () => {
    const { client } = serverWith({ web: liveObject('Deployment', 'web') }, [], { web: 409 })
    const failure = (await serverSideApply(
      client,
      [entry('ConfigMap', 'conf', 1), entry('Deployment', 'web', 4), entry('Service', 'web-svc', 8)],
      { forceConflicts: false }
    ).catch((error: unknown) => error)) as PartialChangeError
    expect(failure).toBeInstanceOf(PartialChangeError)
    expect(failure.message).toBe(
      'app.yaml:4: deployment/web: Apply failed with 1 conflict: conflict with "kubectl-edit": .spec.replicas (fields another manager set; force-conflicts: true takes them over)'
    )
    expect(failure.changes.map(change => `${change.ref.name} ${change.action}`)).toEqual([
      'conf created',
      'web-svc created'
    ])
  })
})
