import { targetRef } from '../../src/deploy/target-kinds.js'

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
