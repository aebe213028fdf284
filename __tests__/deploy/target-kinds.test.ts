import { readTarget, targetRef } from '../../src/deploy/target-kinds.js'
import { fakeClusterClient, status } from './support/fake-cluster-client.js'

describe('targetRef', () => {
  it.each([
    ['rollout/web', 'argoproj.io/v1alpha1', 'Rollout'],
    ['rollouts/web', 'argoproj.io/v1alpha1', 'Rollout'],
    ['ro/web', 'argoproj.io/v1alpha1', 'Rollout'],
    ['rollouts.argoproj.io/web', 'argoproj.io/v1alpha1', 'Rollout'],
    ['Rollout.argoproj.io/web', 'argoproj.io/v1alpha1', 'Rollout'],
    ['deployment/web', 'apps/v1', 'Deployment'],
    ['deploy/web', 'apps/v1', 'Deployment'],
    ['deployments.apps/web', 'apps/v1', 'Deployment'],
    ['sts/web', 'apps/v1', 'StatefulSet'],
    ['ds/web', 'apps/v1', 'DaemonSet'],
    ['jobs.batch/web', 'batch/v1', 'Job']
  ])('reads %s as kubectl does', (target, apiVersion, kind) => {
    expect(targetRef(target, 'shop')).toEqual({ apiVersion, kind, name: 'web', namespace: 'shop' })
  })

  it('names the kinds it knows when it does not know one, and a wrong group is not the kind', () => {
    expect(() => targetRef('service/web', 'shop')).toThrow(
      'input "target": "service/web": kind "service" is not one of rollout, deployment, statefulset, daemonset, job (or kind.group, e.g. rollouts.argoproj.io/web)'
    )
    expect(() => targetRef('rollouts.example.com/web', 'shop')).toThrow(/kind "rollouts.example.com"/)
  })
})

describe('readTarget', () => {
  const live = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web' } }
  const { client } = fakeClusterClient(request =>
    request.path.endsWith('/web') ? { status: 200, body: live } : status(404, 'not found')
  )

  it('reads the object', async () => {
    expect(await readTarget(client, targetRef('rollout/web', 'shop'))).toEqual(live)
  })

  it('names the input when the object does not exist, or the server has no such kind', async () => {
    await expect(readTarget(client, targetRef('rollout/api', 'shop'))).rejects.toThrow(
      'input "target": not found: rollout/api in namespace shop'
    )
    const { client: withoutArgo } = fakeClusterClient(() => status(404, 'not found'))
    const rollout = { apiVersion: 'argoproj.io/v1alpha2', kind: 'Rollout', name: 'web', namespace: 'shop' }
    await expect(readTarget(withoutArgo, rollout)).rejects.toThrow(
      'input "target": the server has no kind Rollout in argoproj.io/v1alpha2 (is Argo Rollouts installed?)'
    )
    await expect(
      readTarget(withoutArgo, { apiVersion: 'apps/v1', kind: 'Gadget', name: 'web', namespace: 'shop' })
    ).rejects.toThrow(/^input "target": the server has no kind Gadget in apps\/v1$/)
  })
})
