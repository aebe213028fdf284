import { keepLiveReplicas, otherReplicaOwners, scales } from '../../src/deploy/live-replicas.js'
import type { KubeObject } from '../../src/kube-object.js'
import { parseManifests } from '../../src/manifests/load.js'
import { fixture } from '../fixtures.js'
import { fakeClusterClient, status } from './support/fake-cluster-client.js'

const deployment = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${extra}spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: web, image: nginx:1}]
`
const autoscaler = (target: string, apiVersion = 'apps/v1', kind = 'Deployment'): KubeObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: `${target}-hpa`, namespace: 'vc-scratch' },
  spec: { scaleTargetRef: { apiVersion, kind, name: target }, minReplicas: 1, maxReplicas: 10 }
})
const hpaYaml = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
`
/** Live objects by name: `web` scaled to 7 by `kubectl scale`, `solo` as this action applied it (2). */
const live: Record<string, KubeObject> = {
  web: fixture('deployment-scaled'),
  solo: fixture('deployment-applied-only')
}

function cluster(liveAutoscalers: KubeObject[] | 'forbidden' = []) {
  return fakeClusterClient(request => {
    if (request.path.includes('horizontalpodautoscalers'))
      return liveAutoscalers === 'forbidden'
        ? status(403, 'horizontalpodautoscalers is forbidden')
        : { status: 200, body: { items: liveAutoscalers, metadata: { resourceVersion: '1' } } }
    const name = request.path.split('/').pop() ?? ''
    return live[name] ? { status: 200, body: live[name] } : status(404, 'not found')
  })
}
const replicasOf = (object: KubeObject): unknown => object.spec?.replicas

describe('keepLiveReplicas', () => {
  it('leaves spec.replicas to the autoscaler that owns it, so it keeps the live count without a conflict', async () => {
    const entries = parseManifests(deployment('web'), 'app.yaml')
    const { client } = cluster([autoscaler('web')])
    expect(await keepLiveReplicas(client, entries, 'vc-scratch', true)).toEqual([
      'deployment/web: spec.replicas left to kubectl, which keeps the live 7 (HPA web-hpa)'
    ])
    expect(entries[0].object.spec).not.toHaveProperty('replicas')
  })

  it('sends the live count when this action owns it alone (leaving it out would reset it to 1)', async () => {
    const entries = parseManifests(deployment('solo'), 'app.yaml')
    const { client } = cluster([autoscaler('solo')])
    expect(await keepLiveReplicas(client, entries, 'vc-scratch', true)).toEqual([
      'deployment/solo: keeping the live 2 replicas (HPA solo-hpa)'
    ])
    expect(replicasOf(entries[0].object)).toBe(2)
  })

  it('sends the live count with a client-side apply', async () => {
    const entries = parseManifests(deployment('web'), 'app.yaml')
    const { client } = cluster([autoscaler('web')])
    await keepLiveReplicas(client, entries, 'vc-scratch', false)
    expect(replicasOf(entries[0].object)).toBe(7)
  })

  it('finds the autoscaler in the set too, and the annotation', async () => {
    const inSet = parseManifests(`${deployment('web')}---\n${hpaYaml}`, 'app.yaml')
    expect(await keepLiveReplicas(cluster().client, inSet, 'vc-scratch', false)).toEqual([
      'deployment/web: keeping the live 7 replicas (HPA web)'
    ])
    const annotated = parseManifests(
      deployment('web', '  annotations: {kube-deploy.dev/use-live-replicas: "true"}\n'),
      'app.yaml'
    )
    expect(await keepLiveReplicas(cluster().client, annotated, 'vc-scratch', false)).toEqual([
      'deployment/web: keeping the live 7 replicas (kube-deploy.dev/use-live-replicas)'
    ])
  })

  it("keeps the manifest's count for a workload not live yet, and for one no autoscaler targets", async () => {
    const entries = parseManifests(`${deployment('new')}---\n${deployment('web')}`, 'app.yaml')
    const { client } = cluster([autoscaler('new'), autoscaler('web', 'apps/v1', 'StatefulSet')])
    expect(await keepLiveReplicas(client, entries, 'vc-scratch', true)).toEqual([])
    expect(entries.map(entry => replicasOf(entry.object))).toEqual([2, 2])
  })

  it('warns and goes on when the autoscalers cannot be read', async () => {
    const entries = parseManifests(deployment('web'), 'app.yaml')
    expect(await keepLiveReplicas(cluster('forbidden').client, entries, 'vc-scratch', true)).toEqual([])
    expect(replicasOf(entries[0].object)).toBe(2)
  })

  it('asks nothing when nothing in the set can be scaled', async () => {
    const { client, sent } = cluster()
    const entries = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n', 'app.yaml')
    expect(await keepLiveReplicas(client, entries, 'vc-scratch', true)).toEqual([])
    expect(sent).toEqual([])
  })

  it('refuses an annotation that is not "true" or "false", naming the file and line', async () => {
    const entries = parseManifests(
      deployment('web', '  annotations: {kube-deploy.dev/use-live-replicas: "yes"}\n'),
      'app.yaml'
    )
    await expect(keepLiveReplicas(cluster().client, entries, 'vc-scratch', true)).rejects.toThrow(
      'app.yaml:1: Deployment web: kube-deploy.dev/use-live-replicas is "yes"; expected "true" or "false"'
    )
  })
})

describe('scales', () => {
  const web = live.web
  it.each([
    [autoscaler('web'), true],
    [autoscaler('web', 'apps/v1beta2'), true],
    [autoscaler('web', 'example.com/v1'), false],
    [autoscaler('web', 'apps/v1', 'StatefulSet'), false],
    [autoscaler('api'), false]
  ])('matches kind, name and API group (%#)', (hpa, expected) => {
    expect(scales(hpa, web)).toBe(expected)
  })
})

describe('otherReplicaOwners', () => {
  it("reads spec.replicas' owners from managedFields, not status.replicas'", () => {
    expect(otherReplicaOwners(live.web)).toEqual(['kubectl'])
    expect(otherReplicaOwners(live.solo)).toEqual([])
  })
})
