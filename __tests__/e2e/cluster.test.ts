import {
  admin,
  adminJson,
  createNamespace,
  deleteNamespace,
  eventually,
  loadTestCluster
} from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import { deploymentYaml } from './support/e2e-context.js'

/**
 * The local control plane itself: a real apiserver, scheduler and controller-manager, with kwok
 * simulating nodes and the pod lifecycles the action must recognize.
 */
const cluster = loadTestCluster()
const local = cluster.local
const describeLocal = local ? describe : describe.skip

function podsOf(namespace: string, app: string): KubeObject[] {
  return adminJson<{ items: KubeObject[] }>(cluster, ['get', 'pods', '-n', namespace, '-l', `app=${app}`])
    .items
}

interface ContainerStatus {
  restartCount: number
  state: {
    waiting?: { reason: string; message?: string }
    running?: object
    terminated?: { exitCode: number; reason?: string }
  }
  lastState?: { terminated?: { exitCode: number } }
}
const containerOf = (pod: KubeObject): ContainerStatus | undefined =>
  (pod.status?.containerStatuses as ContainerStatus[] | undefined)?.[0]

describeLocal('local control plane', () => {
  let namespace: string
  beforeAll(() => {
    namespace = createNamespace(cluster, 'cluster')
  })
  afterAll(() => deleteNamespace(cluster, namespace))

  it('reports the pinned server version and has three ready nodes', () => {
    const version = adminJson<{ serverVersion: { gitVersion: string } }>(cluster, ['version'])
    expect(version.serverVersion.gitVersion).toBe(cluster.kubernetesVersion)
    const nodes = adminJson<{ items: KubeObject[] }>(cluster, ['get', 'nodes']).items
    expect(nodes).toHaveLength(3)
    for (const node of nodes)
      expect(
        (node.status?.conditions as { type: string; status: string }[]).find(c => c.type === 'Ready')?.status
      ).toBe('True')
  })

  it('rolls a 3-replica Deployment out to availableReplicas 3', async () => {
    admin(cluster, ['apply', '-n', namespace, '-f', '-'], deploymentYaml('three', { replicas: 3 }))
    const available = await eventually('3 available replicas', () => {
      const deployment = adminJson<KubeObject>(cluster, ['get', 'deployment', 'three', '-n', namespace])
      return deployment.status?.availableReplicas === 3 ? deployment : undefined
    })
    expect(available.status?.updatedReplicas).toBe(3)
  })

  it('simulates an image pull error: ErrImagePull, then ImagePullBackOff with a message', async () => {
    admin(
      cluster,
      ['apply', '-n', namespace, '-f', '-'],
      deploymentYaml('pull', { replicas: 1, simulate: 'image-pull-error', image: 'ghcr.io/acme/missing:9' })
    )
    const reasons = new Set<string>()
    const backOff = await eventually('ImagePullBackOff', () => {
      const state = podsOf(namespace, 'pull').map(containerOf)[0]?.state.waiting
      if (state) reasons.add(state.reason)
      return state?.reason === 'ImagePullBackOff' ? state : undefined
    })
    expect(backOff.message).toContain('ghcr.io/acme/missing:9')
    expect([...reasons]).toEqual(expect.arrayContaining(['ImagePullBackOff']))
  })

  it('simulates a crash loop with a rising restart count', async () => {
    admin(
      cluster,
      ['apply', '-n', namespace, '-f', '-'],
      deploymentYaml('crash', { replicas: 1, simulate: 'crash-loop' })
    )
    const first = await eventually('CrashLoopBackOff', () => {
      const status = podsOf(namespace, 'crash').map(containerOf)[0]
      return status?.state.waiting?.reason === 'CrashLoopBackOff' ? status : undefined
    })
    expect(first.lastState?.terminated?.exitCode).not.toBe(0)
    await eventually('the restart count to rise', () => {
      const status = podsOf(namespace, 'crash').map(containerOf)[0]
      return status && status.restartCount > first.restartCount ? status : undefined
    })
  })

  it('simulates a pod that runs but never turns Ready', async () => {
    admin(
      cluster,
      ['apply', '-n', namespace, '-f', '-'],
      deploymentYaml('lazy', { replicas: 1, simulate: 'never-ready' })
    )
    const pod = await eventually('a running pod', () =>
      podsOf(namespace, 'lazy').find(p => p.status?.phase === 'Running')
    )
    await new Promise(resolve => setTimeout(resolve, 3000))
    const again = podsOf(namespace, 'lazy').find(p => p.metadata.name === pod.metadata.name)
    expect(
      (again?.status?.conditions as { type: string; status: string }[]).find(c => c.type === 'Ready')?.status
    ).toBe('False')
  })

  it('runs an await-outcome pod Ready until the test decides: fail gives exit 1, succeed exit 0', async () => {
    const pod = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: ${name}, kube-deploy.test/simulate: await-outcome}
spec:
  restartPolicy: Never
  containers:
  - {name: main, image: ghcr.io/kube-deploy/task:1.0.0}
`
    admin(cluster, ['apply', '-n', namespace, '-f', '-'], `${pod('decide-fail')}---\n${pod('decide-ok')}`)
    const conditionOf = (p: KubeObject | undefined, type: string) =>
      (p?.status?.conditions as { type: string; status: string }[] | undefined)?.find(c => c.type === type)
        ?.status
    for (const name of ['decide-fail', 'decide-ok'])
      await eventually(`${name} Running and Ready`, () => {
        const p = podsOf(namespace, name)[0]
        return p?.status?.phase === 'Running' && conditionOf(p, 'Ready') === 'True' ? p : undefined
      })
    // It stays Running while nobody decides.
    await new Promise(resolve => setTimeout(resolve, 1500))
    expect(podsOf(namespace, 'decide-fail')[0].status?.phase).toBe('Running')

    admin(cluster, ['annotate', 'pod', 'decide-fail', '-n', namespace, 'kube-deploy.test/outcome=fail'])
    admin(cluster, ['annotate', 'pod', 'decide-ok', '-n', namespace, 'kube-deploy.test/outcome=succeed'])
    const failedPod = await eventually('phase Failed', () =>
      podsOf(namespace, 'decide-fail').find(p => p.status?.phase === 'Failed')
    )
    expect(containerOf(failedPod)?.state).toMatchObject({ terminated: { exitCode: 1, reason: 'Error' } })
    const succeededPod = await eventually('phase Succeeded', () =>
      podsOf(namespace, 'decide-ok').find(p => p.status?.phase === 'Succeeded')
    )
    expect(containerOf(succeededPod)?.state).toMatchObject({
      terminated: { exitCode: 0, reason: 'Completed' }
    })
  })

  it('leaves a pod whose nodeSelector matches no node Unschedulable', async () => {
    admin(
      cluster,
      ['apply', '-n', namespace, '-f', '-'],
      deploymentYaml('nowhere', { replicas: 1, nodeSelector: 'disktype: nvme' })
    )
    const condition = await eventually('PodScheduled=False', () => {
      const pod = podsOf(namespace, 'nowhere')[0]
      return (
        pod?.status?.conditions as { type: string; status: string; reason?: string }[] | undefined
      )?.find(c => c.type === 'PodScheduled' && c.status === 'False')
    })
    expect(condition.reason).toBe('Unschedulable')
  })

  it('lets the deployer token in and keeps the reader out of writes', () => {
    const asToken = (token: string, args: string[]) => () =>
      admin(cluster, [
        '--server',
        cluster.server,
        '--token',
        token,
        '--certificate-authority',
        cluster.caFile ?? '',
        '--kubeconfig',
        '/dev/null',
        ...args
      ])
    expect(asToken(cluster.deployerToken ?? '', ['get', 'namespaces'])()).toContain(namespace)
    expect(
      asToken(cluster.readerToken ?? '', ['get', 'pods', '-n', cluster.readerNamespace ?? ''])
    ).not.toThrow()
    expect(
      asToken(cluster.readerToken ?? '', ['create', 'configmap', 'x', '-n', cluster.readerNamespace ?? ''])
    ).toThrow(/forbidden/i)
    expect(asToken(cluster.readerToken ?? '', ['get', 'pods', '-n', namespace])).toThrow(/forbidden/i)
  })
})
