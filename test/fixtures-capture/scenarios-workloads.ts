import type { Context } from './context.js'
import { RESOURCE_QUOTA, type View } from './kube.js'
import {
  daemonSet,
  deployment,
  IMAGE_MISSING,
  IMAGE_V2,
  job,
  pod,
  replicaSet,
  resourceQuota,
  statefulSet
} from './manifests.js'
import {
  condition,
  conditionIs,
  daemonSetComplete,
  deploymentComplete,
  hasEvent,
  label,
  livePods,
  newReplicaSet,
  observed,
  phase,
  podsOfReplicaSet,
  ready,
  restarts,
  statefulSetComplete,
  terminating,
  unobserved,
  waitingReason
} from './predicates.js'

/** One namespace, one run, one or more fixtures captured along the way. */
export interface Group {
  id: string
  fixtures: string[]
  run(ctx: Context): Promise<void>
}

const MINUTE = 60_000

function since(t0: number): string {
  return `${Date.now() - t0} ms`
}

async function quotaReady(ctx: Context, name: string): Promise<void> {
  const cache = await ctx.watch([RESOURCE_QUOTA])
  await cache.until(
    `quota ${name} has status`,
    v => v.get('ResourceQuota', name)?.status?.hard !== undefined,
    MINUTE
  )
  cache.stop()
}

const deploymentGroups: Group[] = [
  {
    id: 'deployment-rollout',
    fixtures: [
      'deployment-unobserved',
      'deployment-unobserved-new-rs-created',
      'deployment-progressing-new-rs',
      'deployment-complete',
      'deployment-restart-old-pods-terminating'
    ],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(deployment('web', 3))
      await c.until('revision 1 complete', v => deploymentComplete(v, 'web'), MINUTE, 1000)
      ctx.log('revision 1 complete; applying a new image')
      const t0 = Date.now()
      // Registered before the change: the state lasts only until the controller's next status write.
      const unobservedState = c.until(
        'generation > observedGeneration',
        v => unobserved(v.get('Deployment', 'web')),
        10_000
      )
      // The controller's first write after the change creates the new ReplicaSet and sets Progressing
      // NewReplicaSetCreated without moving observedGeneration; the counts still describe revision 1.
      const newRsCreated = c.until(
        'new ReplicaSet created, generation still unobserved',
        v =>
          unobserved(v.get('Deployment', 'web')) &&
          conditionIs(v.get('Deployment', 'web'), 'Progressing', 'True', 'NewReplicaSetCreated') &&
          v.all('ReplicaSet').length === 2,
        10_000
      )
      const observedAgain = c.until(
        'observed again',
        v => v.get('Deployment', 'web')?.metadata.generation === 2 && observed(v.get('Deployment', 'web')),
        10_000
      )
      await ctx.apply(deployment('web', 3, { image: IMAGE_V2 }))
      await ctx.save(
        'deployment-unobserved',
        'A complete 3-replica Deployment (revision 1) right after `kubectl apply` changed its image: ' +
          'metadata.generation is 2 while status.observedGeneration is still 1; the status, the ReplicaSet ' +
          'and the pods still describe revision 1 (all Ready).',
        await unobservedState
      )
      await ctx.save(
        'deployment-unobserved-new-rs-created',
        'A few milliseconds later: the deployment controller has created the revision 2 ReplicaSet ' +
          '(0 replicas) and set Progressing=True reason NewReplicaSetCreated, but status.observedGeneration ' +
          'is still 1 and the counts (updatedReplicas 3, available 3) still describe revision 1: ' +
          'only observedGeneration tells that this status is stale.',
        await newRsCreated
      )
      await observedAgain
      ctx.log(`observedGeneration caught up ${since(t0)} after the apply started`)
      await ctx.save(
        'deployment-progressing-new-rs',
        'Mid rollout of an image change (default maxSurge/maxUnavailable 25% of 3 replicas = 1 and 0): ' +
          'the new ReplicaSet (revision 2) has 1 Ready pod, the old ReplicaSet still has its 3 Ready ' +
          'pods (its scale-down to 2 may already be in spec); status replicas 4, updatedReplicas 1, ' +
          'Progressing=True ReplicaSetUpdated.',
        await c.until(
          'new RS has a Ready pod while old pods remain',
          v => {
            const d = v.get('Deployment', 'web')
            const rs = newReplicaSet(v, 'web')
            if (
              !observed(d) ||
              !rs ||
              d?.metadata.annotations?.['deployment.kubernetes.io/revision'] !== '2'
            ) {
              return false
            }
            // Controllers caught up: the Ready new pod is counted by its ReplicaSet and the Deployment.
            const readyPods = livePods(v).filter(ready).length
            const old = livePods(v).filter(
              p => label(p, 'pod-template-hash') !== label(rs, 'pod-template-hash')
            )
            return (
              podsOfReplicaSet(v, rs).some(ready) &&
              (rs.status?.readyReplicas ?? 0) >= 1 &&
              d.status?.readyReplicas === readyPods &&
              old.length > 0 &&
              (d.status?.updatedReplicas ?? 0) >= 1
            )
          },
          MINUTE
        )
      )
      await ctx.save(
        'deployment-complete',
        'A 3-replica Deployment after a finished image update (revision 2): status observed, ' +
          'replicas/updated/ready/available all 3, Available=True, Progressing=True NewReplicaSetAvailable; ' +
          'the revision 1 ReplicaSet is kept scaled to 0.',
        await c.until('revision 2 complete', v => deploymentComplete(v, 'web'), MINUTE, 1500)
      )
      ctx.log(`revision 2 complete ${since(t0)} after the apply started; kubectl rollout restart`)
      const restarting = c.until(
        'old pod terminating while a new one is Ready',
        v => {
          const rs = newReplicaSet(v, 'web')
          if (!rs || rs.metadata.annotations?.['deployment.kubernetes.io/revision'] !== '3') return false
          const hash = label(rs, 'pod-template-hash')
          const pods = v.pods()
          return (
            pods.some(p => label(p, 'pod-template-hash') === hash && ready(p)) &&
            pods.some(p => label(p, 'pod-template-hash') !== hash && terminating(p))
          )
        },
        MINUTE
      )
      await ctx.kubectl('rollout', 'restart', 'deployment/web')
      await ctx.save(
        'deployment-restart-old-pods-terminating',
        'Right after `kubectl rollout restart deployment/web`: a new ReplicaSet (revision 3) has a Ready ' +
          'pod and the controller has just deleted an old pod, which still shows with a ' +
          'deletionTimestamp (kwok removes deleted pods at once, so this state lasts milliseconds; ' +
          'caught from the watch stream).',
        await restarting
      )
      await c.until('restart complete', v => deploymentComplete(v, 'web'), MINUTE, 500)
    }
  },
  {
    id: 'deployment-image-pull',
    fixtures: ['deployment-image-pull-error', 'deployment-image-pull-backoff'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(deployment('web', 3))
      await c.until('revision 1 complete', v => deploymentComplete(v, 'web'), MINUTE, 1000)
      await ctx.apply(deployment('web', 3, { image: IMAGE_MISSING, simulate: 'image-pull-error' }))
      const stuck = (reason: string) => (v: View) => {
        const d = v.get('Deployment', 'web')
        const rs = newReplicaSet(v, 'web')
        if (!observed(d) || !rs || d?.metadata.annotations?.['deployment.kubernetes.io/revision'] !== '2') {
          return false
        }
        const fresh = podsOfReplicaSet(v, rs)
        return (
          (d.status?.updatedReplicas ?? 0) >= 1 &&
          fresh.length > 0 &&
          fresh.every(p => waitingReason(p) === reason)
        )
      }
      await ctx.save(
        'deployment-image-pull-error',
        'A complete 3-replica Deployment updated to an image that cannot be pulled: the new ReplicaSet ' +
          '(revision 2) has one pod Pending with container waiting ErrImagePull; the 3 old pods stay Ready ' +
          '(maxUnavailable rounds down to 0), Available=True, Progressing=True ReplicaSetUpdated.',
        await c.until('new pod ErrImagePull', stuck('ErrImagePull'), MINUTE)
      )
      await ctx.save(
        'deployment-image-pull-backoff',
        'The same update a few seconds later: the new pod is waiting ImagePullBackOff ' +
          '("Back-off pulling image ..."), the old pods still serve; Failed events on the pod.',
        await c.until('new pod ImagePullBackOff', stuck('ImagePullBackOff'), MINUTE, 500)
      )
    }
  },
  {
    id: 'deployment-crash-loop',
    fixtures: ['deployment-crash-loop'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(deployment('web', 3, { simulate: 'crash-loop' }))
      await ctx.save(
        'deployment-crash-loop',
        'A new 3-replica Deployment whose containers crash: every pod is Running with its container ' +
          'waiting CrashLoopBackOff, restartCount >= 1, lastState.terminated exitCode 1 reason Error; ' +
          'the Deployment has 0 available replicas (Available=False MinimumReplicasUnavailable).',
        await c.until(
          'all pods CrashLoopBackOff',
          v => {
            const d = v.get('Deployment', 'web')
            const pods = v.pods()
            return (
              observed(d) &&
              d?.status?.unavailableReplicas === 3 &&
              pods.length === 3 &&
              pods.every(p => waitingReason(p) === 'CrashLoopBackOff' && restarts(p) >= 1)
            )
          },
          MINUTE,
          500
        )
      )
    }
  },
  {
    id: 'deployment-never-ready',
    fixtures: ['deployment-never-ready'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(deployment('web', 3, { simulate: 'never-ready', readinessProbe: true }))
      await ctx.save(
        'deployment-never-ready',
        'A new 3-replica Deployment whose readiness probe never passes: pods Running, containers ' +
          'running and started but ready=false (Ready=False, ContainersNotReady); Unhealthy events; ' +
          'the Deployment has 0 ready/available replicas.',
        await c.until(
          'all pods Running, none Ready',
          v => {
            const d = v.get('Deployment', 'web')
            const pods = v.pods()
            return (
              observed(d) &&
              d?.status?.replicas === 3 &&
              d?.status?.unavailableReplicas === 3 &&
              pods.length === 3 &&
              pods.every(p => phase(p) === 'Running' && !ready(p))
            )
          },
          MINUTE,
          1000
        )
      )
    }
  },
  {
    id: 'deployment-unschedulable',
    fixtures: ['deployment-unschedulable'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(deployment('web', 3, { nodeSelector: { 'kube-deploy.test/pool': 'gpu' } }))
      await ctx.save(
        'deployment-unschedulable',
        'A new 3-replica Deployment with a nodeSelector no node matches: pods Pending, ' +
          'PodScheduled=False reason Unschedulable ("0/3 nodes are available: 3 node(s) didn\'t match ' +
          'Pod\'s node affinity/selector ..."), FailedScheduling events from the scheduler.',
        await c.until(
          'all pods Unschedulable',
          v => {
            const d = v.get('Deployment', 'web')
            const pods = v.pods()
            return (
              observed(d) &&
              d?.status?.replicas === 3 &&
              pods.length === 3 &&
              pods.every(p => conditionIs(p, 'PodScheduled', 'False', 'Unschedulable')) &&
              hasEvent(v, 'FailedScheduling')
            )
          },
          MINUTE,
          1000
        )
      )
    }
  },
  {
    id: 'deployment-quota',
    fixtures: ['deployment-quota-exceeded'],
    async run(ctx) {
      await ctx.apply(resourceQuota('compute', { 'requests.cpu': '100m' }))
      await quotaReady(ctx, 'compute')
      const c = await ctx.watch([RESOURCE_QUOTA])
      const t0 = Date.now()
      await ctx.apply(deployment('web', 3, { cpuRequest: '50m' }))
      await c.until('ReplicaSet ReplicaFailure', v =>
        v.all('ReplicaSet').some(rs => condition(rs, 'ReplicaFailure'))
      )
      ctx.log(`ReplicaSet ReplicaFailure ${since(t0)} after apply`)
      await c.until('Deployment ReplicaFailure', v =>
        conditionIs(v.get('Deployment', 'web'), 'ReplicaFailure', 'True')
      )
      ctx.log(`Deployment ReplicaFailure ${since(t0)} after apply`)
      await ctx.save(
        'deployment-quota-exceeded',
        'A new 3-replica Deployment (cpu request 50m) in a namespace whose ResourceQuota allows ' +
          'requests.cpu 100m: 2 pods run Ready, the third cannot be created; the ReplicaSet and the ' +
          'Deployment show ReplicaFailure=True reason FailedCreate with the quota message ' +
          '("pods ... is forbidden: exceeded quota: compute, ..."); FailedCreate events.',
        await c.until(
          'two pods Ready and ReplicaFailure on both',
          v =>
            conditionIs(v.get('Deployment', 'web'), 'ReplicaFailure', 'True', 'FailedCreate') &&
            v.all('ReplicaSet').some(rs => conditionIs(rs, 'ReplicaFailure', 'True', 'FailedCreate')) &&
            v.pods().filter(ready).length === 2 &&
            v.get('Deployment', 'web')?.status?.readyReplicas === 2,
          MINUTE,
          1000
        )
      )
    }
  },
  {
    id: 'deployment-deadline',
    fixtures: ['deployment-progress-deadline'],
    async run(ctx) {
      const c = await ctx.watch()
      const t0 = Date.now()
      await ctx.apply(
        deployment(
          'web',
          3,
          { simulate: 'never-ready', readinessProbe: true },
          { progressDeadlineSeconds: 10 }
        )
      )
      await ctx.save(
        'deployment-progress-deadline',
        'A new 3-replica Deployment with progressDeadlineSeconds: 10 whose pods never become Ready: ' +
          'after the deadline Progressing=False reason ProgressDeadlineExceeded ' +
          '("ReplicaSet ... has timed out progressing."), Available=False.',
        await c.until(
          'ProgressDeadlineExceeded',
          v => conditionIs(v.get('Deployment', 'web'), 'Progressing', 'False', 'ProgressDeadlineExceeded'),
          2 * MINUTE
        )
      )
      ctx.log(`ProgressDeadlineExceeded ${since(t0)} after apply`)
    }
  },
  {
    id: 'deployment-paused',
    fixtures: ['deployment-paused'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(deployment('web', 3))
      await c.until('complete', v => deploymentComplete(v, 'web'), MINUTE, 1000)
      await ctx.kubectl('rollout', 'pause', 'deployment/web')
      await ctx.apply(deployment('web', 3, { image: IMAGE_V2 }))
      await ctx.save(
        'deployment-paused',
        'A complete Deployment paused with `kubectl rollout pause`, then its image changed: ' +
          'spec.paused true, generation observed, Progressing=Unknown reason DeploymentPaused; no new ' +
          'ReplicaSet is created, the old pods keep running the old image.',
        await c.until(
          'paused and observed',
          v => {
            const d = v.get('Deployment', 'web')
            return (
              observed(d) &&
              d?.spec?.paused === true &&
              d.metadata.generation === 3 &&
              conditionIs(d, 'Progressing', 'Unknown', 'DeploymentPaused')
            )
          },
          MINUTE,
          1500
        )
      )
    }
  },
  {
    id: 'deployment-zero',
    fixtures: ['deployment-scaled-to-zero'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(deployment('web', 3))
      await c.until('complete', v => deploymentComplete(v, 'web'), MINUTE, 1000)
      await ctx.kubectl('scale', 'deployment/web', '--replicas=0')
      await ctx.save(
        'deployment-scaled-to-zero',
        'A complete Deployment scaled to 0 with `kubectl scale`: spec.replicas 0, generation observed, ' +
          'the status has no replica counts (zero fields are omitted), the ReplicaSet has 0 replicas ' +
          'and there are no pods; Available=True, Progressing=True NewReplicaSetAvailable.',
        await c.until(
          'scaled to zero',
          v => {
            const d = v.get('Deployment', 'web')
            return (
              observed(d) &&
              d?.spec?.replicas === 0 &&
              (d.status?.replicas ?? 0) === 0 &&
              v.pods().length === 0 &&
              v.all('ReplicaSet').every(rs => rs.spec?.replicas === 0 && (rs.status?.replicas ?? 0) === 0)
            )
          },
          MINUTE,
          1500
        )
      )
    }
  },
  {
    id: 'deployment-min-ready',
    fixtures: ['deployment-min-ready-seconds'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(deployment('web', 3, {}, { minReadySeconds: 30 }))
      await ctx.save(
        'deployment-min-ready-seconds',
        'A new 3-replica Deployment with minReadySeconds: 30, a few seconds after creation: all pods ' +
          'Ready, status readyReplicas 3 but availableReplicas 0 (unavailableReplicas 3) until the pods ' +
          'have been Ready for 30 s; Available=False MinimumReplicasUnavailable.',
        await c.until(
          'ready but not available',
          v => {
            const d = v.get('Deployment', 'web')
            return observed(d) && d?.status?.readyReplicas === 3 && (d.status?.availableReplicas ?? 0) === 0
          },
          MINUTE,
          1000
        )
      )
    }
  }
]

const statefulSetGroups: Group[] = [
  {
    id: 'statefulset-restart',
    fixtures: ['statefulset-complete', 'statefulset-restart-unobserved', 'statefulset-restart-in-progress'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(statefulSet('web', 3))
      await ctx.save(
        'statefulset-complete',
        'A new 3-replica StatefulSet (OrderedReady, RollingUpdate) after its pods web-0..2 became Ready: ' +
          'status observed, replicas/ready/current/updated/available 3, currentRevision == updateRevision.',
        await c.until('complete', v => statefulSetComplete(v, 'web'), MINUTE, 1500)
      )
      const t0 = Date.now()
      const unobservedState = c.until('unobserved', v => unobserved(v.get('StatefulSet', 'web')), 10_000)
      const observedAgain = c.until(
        'observed again',
        v => v.get('StatefulSet', 'web')?.metadata.generation === 2 && observed(v.get('StatefulSet', 'web')),
        10_000
      )
      await ctx.kubectl('rollout', 'restart', 'statefulset/web')
      await ctx.save(
        'statefulset-restart-unobserved',
        'Right after `kubectl rollout restart statefulset/web` (a restartedAt annotation in the pod ' +
          'template): generation 2, status.observedGeneration still 1, status unchanged.',
        await unobservedState
      )
      const tUnobserved = Date.now()
      await observedAgain
      ctx.log(
        `StatefulSet observedGeneration caught up ${Date.now() - tUnobserved} ms after generation 2 was seen (${since(t0)} after the restart started)`
      )
      await ctx.save(
        'statefulset-restart-in-progress',
        'The restart in progress: updateRevision != currentRevision, updatedReplicas 1; web-2 (the ' +
          'highest ordinal goes first) has been deleted and recreated with the new ' +
          'controller-revision-hash and is not Ready yet, web-0 and web-1 still have the old hash and ' +
          'are Ready.',
        await c.until(
          'restart in progress',
          v => {
            const s = v.get('StatefulSet', 'web')
            if (!observed(s) || s?.status?.updateRevision === s?.status?.currentRevision) return false
            // StatefulSet pods carry the full revision name in controller-revision-hash.
            const updated = v
              .pods()
              .filter(p => label(p, 'controller-revision-hash') === s?.status?.updateRevision)
            const current = v
              .pods()
              .filter(p => label(p, 'controller-revision-hash') === s?.status?.currentRevision)
            return (
              s?.status?.updatedReplicas === 1 &&
              updated.length === 1 &&
              updated[0].metadata.name === 'web-2' &&
              !ready(updated[0]) &&
              current.length === 2 &&
              current.every(ready)
            )
          },
          MINUTE
        )
      )
      await c.until('restart complete', v => statefulSetComplete(v, 'web'), MINUTE, 500)
      ctx.log(`restart complete ${since(t0)} after it started`)
    }
  },
  {
    id: 'statefulset-partition',
    fixtures: ['statefulset-partition'],
    async run(ctx) {
      const c = await ctx.watch()
      const strategy = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }
      await ctx.apply(statefulSet('web', 3, {}, strategy))
      await c.until('complete', v => statefulSetComplete(v, 'web'), MINUTE, 1000)
      await ctx.apply(statefulSet('web', 3, { image: IMAGE_V2 }, strategy))
      await ctx.save(
        'statefulset-partition',
        'A 3-replica StatefulSet with rollingUpdate.partition: 2 after an image change, finished as ' +
          'far as the partition allows: web-2 runs the update revision, web-0 and web-1 keep the current ' +
          'revision; updatedReplicas 1, readyReplicas 3, currentRevision != updateRevision (stays so).',
        await c.until(
          'partitioned update done',
          v => {
            const s = v.get('StatefulSet', 'web')
            const web2 = v.get('Pod', 'web-2')
            return (
              observed(s) &&
              s?.status?.updatedReplicas === 1 &&
              s.status?.readyReplicas === 3 &&
              web2 !== undefined &&
              ready(web2) &&
              web2.metadata.labels?.['controller-revision-hash'] === s.status?.updateRevision
            )
          },
          MINUTE,
          1500
        )
      )
    }
  },
  {
    id: 'statefulset-ondelete',
    fixtures: ['statefulset-ondelete'],
    async run(ctx) {
      const c = await ctx.watch()
      const strategy = { updateStrategy: { type: 'OnDelete' } }
      await ctx.apply(statefulSet('web', 3, {}, strategy))
      await c.until('complete', v => statefulSetComplete(v, 'web'), MINUTE, 1000)
      await ctx.apply(statefulSet('web', 3, { image: IMAGE_V2 }, strategy))
      await ctx.save(
        'statefulset-ondelete',
        'A 3-replica StatefulSet with updateStrategy OnDelete after an image change: status observed, ' +
          'updateRevision != currentRevision, updatedReplicas 0; all pods still run the old revision and ' +
          'are Ready (they change only when deleted).',
        await c.until(
          'observed, nothing updated',
          v => {
            const s = v.get('StatefulSet', 'web')
            return (
              observed(s) &&
              s?.metadata.generation === 2 &&
              s.status?.updateRevision !== s.status?.currentRevision &&
              s.status?.readyReplicas === 3
            )
          },
          MINUTE,
          2000
        )
      )
    }
  },
  {
    id: 'statefulset-crash-loop',
    fixtures: ['statefulset-crash-loop'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(statefulSet('web', 3, { simulate: 'crash-loop' }))
      await ctx.save(
        'statefulset-crash-loop',
        'A new 3-replica StatefulSet (OrderedReady) whose container crashes: web-0 is Running with its ' +
          'container waiting CrashLoopBackOff; web-1 and web-2 are never created; status replicas 1, ' +
          'readyReplicas 0.',
        await c.until(
          'web-0 crash looping',
          v => {
            const s = v.get('StatefulSet', 'web')
            const web0 = v.get('Pod', 'web-0')
            return (
              observed(s) &&
              s?.status?.replicas === 1 &&
              web0 !== undefined &&
              waitingReason(web0) === 'CrashLoopBackOff' &&
              restarts(web0) >= 2
            )
          },
          MINUTE,
          500
        )
      )
    }
  }
]

function newestRevisionHash(v: View): string | undefined {
  const revisions = v.all('ControllerRevision').sort((a, b) => Number(a.revision) - Number(b.revision))
  return revisions.at(-1)?.metadata.labels?.['controller-revision-hash']
}

const daemonSetGroups: Group[] = [
  {
    id: 'daemonset-update',
    fixtures: ['daemonset-complete', 'daemonset-update-in-progress'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(daemonSet('agent'))
      await ctx.save(
        'daemonset-complete',
        'A new DaemonSet on the 3 nodes: one Ready pod per node; status observed, desired/current/' +
          'ready/updated/available 3.',
        await c.until('complete', v => daemonSetComplete(v, 'agent'), MINUTE, 1500)
      )
      const updating = c.until(
        'old and new pods',
        v => {
          const d = v.get('DaemonSet', 'agent')
          const hash = newestRevisionHash(v)
          const pods = v.pods()
          const fresh = pods.filter(p => label(p, 'controller-revision-hash') === hash)
          // The status has caught up with the pods (the controller writes it after replacing a pod).
          return (
            observed(d) &&
            v.all('ControllerRevision').length === 2 &&
            fresh.length >= 1 &&
            d?.status?.updatedNumberScheduled === fresh.length &&
            d.status?.numberReady === pods.filter(ready).length &&
            pods.some(p => label(p, 'controller-revision-hash') !== hash && !terminating(p))
          )
        },
        MINUTE
      )
      await ctx.apply(daemonSet('agent', { image: IMAGE_V2 }))
      await ctx.save(
        'daemonset-update-in-progress',
        'The DaemonSet right after an image change (RollingUpdate, maxUnavailable 1): two ' +
          'ControllerRevisions; pods of the old revision (controller-revision-hash / ' +
          'pod-template-generation 1) next to a pod of the new one (not Ready yet) on the node whose old ' +
          'pod was deleted first; updatedNumberScheduled 1, numberUnavailable 1.',
        await updating
      )
      await c.until('update complete', v => daemonSetComplete(v, 'agent'), MINUTE, 500)
    }
  },
  {
    id: 'daemonset-image-pull',
    fixtures: ['daemonset-image-pull-error'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(daemonSet('agent'))
      await c.until('complete', v => daemonSetComplete(v, 'agent'), MINUTE, 1000)
      await ctx.apply(daemonSet('agent', { image: IMAGE_MISSING, simulate: 'image-pull-error' }))
      await ctx.save(
        'daemonset-image-pull-error',
        'A complete DaemonSet updated to an image that cannot be pulled: on one node the old pod was ' +
          'replaced by a new-revision pod waiting ErrImagePull/ImagePullBackOff; the rollout stops there ' +
          '(maxUnavailable 1), numberUnavailable 1, updatedNumberScheduled 1.',
        await c.until(
          'new pod cannot pull',
          v => {
            const d = v.get('DaemonSet', 'agent')
            const hash = newestRevisionHash(v)
            const fresh = v.pods().filter(p => label(p, 'controller-revision-hash') === hash)
            return (
              observed(d) &&
              d?.status?.updatedNumberScheduled === 1 &&
              d.status?.numberUnavailable === 1 &&
              fresh.length === 1 &&
              ['ErrImagePull', 'ImagePullBackOff'].includes(waitingReason(fresh[0]) ?? '')
            )
          },
          MINUTE,
          500
        )
      )
    }
  }
]

const jobGroups: Group[] = [
  {
    id: 'job-success',
    fixtures: ['job-running', 'job-success-criteria-met', 'job-complete'],
    async run(ctx) {
      const c = await ctx.watch()
      // The Job controller counts a Ready pod in status.ready about 1 s late (it batches pod updates)
      // and kwok completes the pod 1-2.2 s after it started: retry until status.ready 1 is seen.
      for (let attempt = 1; ; attempt++) {
        const running = c.until(
          'pod running and counted ready',
          v =>
            v.get('Job', 'migrate')?.status?.active === 1 &&
            v.get('Job', 'migrate')?.status?.ready === 1 &&
            v.pods().some(p => phase(p) === 'Running' && ready(p)),
          MINUTE
        )
        const finished = c.until(
          'complete',
          v => conditionIs(v.get('Job', 'migrate'), 'Complete', 'True'),
          MINUTE
        )
        await ctx.apply(job('migrate'))
        const first = await Promise.race([running.then(snap => ({ snap })), finished.then(() => undefined)])
        if (first) {
          finished.catch(() => undefined)
          await ctx.save(
            'job-running',
            'A new Job (completions 1, backoffLimit default 6) whose pod is Running and Ready: ' +
              'status.active 1, status.ready 1, startTime set, no conditions yet.',
            first.snap
          )
          break
        }
        running.catch(() => undefined)
        if (attempt >= 5) throw new Error('the Job pod always completed before status.ready counted it')
        ctx.log('pod completed before status.ready was 1; recreating the Job')
        await ctx.kubectl('delete', 'job/migrate', '--cascade=foreground', '--wait=true')
        await c.until('job gone', v => !v.get('Job', 'migrate') && v.pods().length === 0, MINUTE)
      }
      // Since Kubernetes 1.31 the controller writes SuccessCriteriaMet first and Complete in a second
      // status update once no pod is terminating.
      const criteriaMet = c.until(
        'SuccessCriteriaMet without Complete',
        v => {
          const j = v.get('Job', 'migrate')
          return conditionIs(j, 'SuccessCriteriaMet', 'True') && !condition(j, 'Complete')
        },
        MINUTE
      )
      const complete = c.until(
        'complete',
        v => conditionIs(v.get('Job', 'migrate'), 'Complete', 'True'),
        MINUTE
      )
      if ((await Promise.race([criteriaMet.then(() => 'met'), complete.then(() => 'complete')])) === 'met') {
        await ctx.save(
          'job-success-criteria-met',
          'The Job the moment its pod Succeeded: condition SuccessCriteriaMet=True reason ' +
            'CompletionsReached is written first, Complete not yet (it follows in the next status write); ' +
            'status.active gone, status.succeeded not yet counted (the pod uid is still in ' +
            'status.uncountedTerminatedPods.succeeded), no completionTime.',
          await criteriaMet
        )
      } else {
        ctx.log('Complete came without a separately visible SuccessCriteriaMet')
        criteriaMet.catch(() => undefined)
      }
      await complete
      await ctx.save(
        'job-complete',
        'The Job after its pod Succeeded: conditions SuccessCriteriaMet=True and Complete=True (both ' +
          'reason CompletionsReached), status.succeeded 1, completionTime set; the pod is kept with phase ' +
          'Succeeded.',
        await c.until('complete', v => conditionIs(v.get('Job', 'migrate'), 'Complete', 'True'), MINUTE, 1000)
      )
    }
  },
  {
    id: 'job-backoff',
    fixtures: ['job-retrying', 'job-retrying-new-pod', 'job-failure-target', 'job-backoff-limit-exceeded'],
    async run(ctx) {
      const c = await ctx.watch()
      const t0 = Date.now()
      const noFailure = (v: View): boolean => {
        const j = v.get('Job', 'migrate')
        return !condition(j, 'Failed') && !condition(j, 'FailureTarget')
      }
      await ctx.apply(job('migrate', { simulate: 'fail' }, { backoffLimit: 3 }))
      await ctx.save(
        'job-retrying',
        'A Job with backoffLimit: 3 whose pods fail (exit code 1), in the back-off after the first ' +
          'failure: status.failed 1, no active pod, no condition at all (the replacement pod comes ~10 s ' +
          'after the failure, then 20 s, 40 s ...); the Failed pod is kept.',
        await c.until(
          'failed once, backing off',
          v => {
            const j = v.get('Job', 'migrate')
            return (
              j?.status?.failed === 1 &&
              (j.status?.active ?? 0) === 0 &&
              Object.keys(j.status?.uncountedTerminatedPods ?? {}).length === 0 &&
              noFailure(v) &&
              v.pods().length === 1 &&
              v.pods().every(p => phase(p) === 'Failed')
            )
          },
          MINUTE,
          1000
        )
      )
      ctx.log(`backing off ${since(t0)} after apply`)
      await ctx.save(
        'job-retrying-new-pod',
        'The same Job when the back-off is over: a replacement pod (ContainerCreating) next to the ' +
          'Failed one; status.failed 1, status.active 1, no condition.',
        await c.until(
          'failed once, replacement pod started',
          v => {
            const j = v.get('Job', 'migrate')
            return (
              j?.status?.failed === 1 &&
              j.status?.active === 1 &&
              noFailure(v) &&
              v.pods().some(p => phase(p) === 'Failed') &&
              v.pods().some(p => phase(p) === 'Pending' && p.status?.podIP !== undefined)
            )
          },
          MINUTE
        )
      )
      ctx.log(`replacement pod ${since(t0)} after apply`)
      const target = c.until(
        'FailureTarget without Failed',
        v => {
          const j = v.get('Job', 'migrate')
          return conditionIs(j, 'FailureTarget', 'True') && !condition(j, 'Failed')
        },
        4 * MINUTE
      )
      const failed = c.until(
        'Failed',
        v => conditionIs(v.get('Job', 'migrate'), 'Failed', 'True'),
        4 * MINUTE,
        1000
      )
      const done = await Promise.race([target.then(() => 'target'), failed.then(() => 'failed')])
      if (done === 'target') {
        await ctx.save(
          'job-failure-target',
          'The Job the moment its 4th pod failed (backoffLimit 3): condition FailureTarget=True reason ' +
            'BackoffLimitExceeded is written first, Failed not yet; the last failed pod is still in ' +
            'status.uncountedTerminatedPods.failed, so status.failed is 3 while 4 pods are Failed.',
          await target
        )
        ctx.log(`FailureTarget ${since(t0)} after apply`)
      } else {
        ctx.log('Failed came without a separately visible FailureTarget')
        target.catch(() => undefined)
      }
      await ctx.save(
        'job-backoff-limit-exceeded',
        'The Job after its 4th failed pod (backoffLimit 3): conditions FailureTarget=True and ' +
          'Failed=True reason BackoffLimitExceeded ("Job has reached the specified backoff limit"), ' +
          'status.failed 4, all pods Failed, a BackoffLimitExceeded Warning event.',
        await failed
      )
      ctx.log(`Failed ${since(t0)} after apply`)
    }
  },
  {
    id: 'job-deadline',
    fixtures: ['job-deadline-exceeded'],
    async run(ctx) {
      const c = await ctx.watch()
      const t0 = Date.now()
      await ctx.apply(
        job('migrate', { simulate: 'never-ready', readinessProbe: true }, { activeDeadlineSeconds: 5 })
      )
      await ctx.save(
        'job-deadline-exceeded',
        'A Job with activeDeadlineSeconds: 5 whose pod keeps running (never Ready): after 5 s the ' +
          'controller deletes the pod and sets FailureTarget=True reason DeadlineExceeded, ~1 s later ' +
          'Failed=True reason DeadlineExceeded ("Job was active longer than specified deadline"); the pod ' +
          'is gone, status.failed 1.',
        await c.until('Failed', v => conditionIs(v.get('Job', 'migrate'), 'Failed', 'True'), MINUTE, 1000)
      )
      ctx.log(`Failed ${since(t0)} after apply`)
    }
  },
  {
    id: 'job-suspended',
    fixtures: ['job-suspended'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(job('migrate', {}, { suspend: true }))
      await ctx.save(
        'job-suspended',
        'A Job created with spec.suspend: true: condition Suspended=True reason JobSuspended, no pods, ' +
          'no startTime.',
        await c.until(
          'suspended',
          v => conditionIs(v.get('Job', 'migrate'), 'Suspended', 'True'),
          MINUTE,
          1500
        )
      )
    }
  },
  {
    id: 'job-image-pull',
    fixtures: ['job-image-pull-error'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(job('migrate', { image: IMAGE_MISSING, simulate: 'image-pull-error' }))
      await ctx.save(
        'job-image-pull-error',
        'A Job whose image cannot be pulled: its pod is Pending with the container waiting ' +
          'ErrImagePull; status.active 1, ready 0, no conditions (the Job does not fail on its own).',
        await c.until(
          'ErrImagePull',
          v =>
            v.get('Job', 'migrate')?.status?.active === 1 &&
            v.pods().some(p => waitingReason(p) === 'ErrImagePull'),
          MINUTE
        )
      )
    }
  }
]

const podGroups: Group[] = [
  {
    id: 'pod-lifecycle',
    fixtures: ['pod-ready', 'pod-terminating'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(pod('web'))
      await ctx.save(
        'pod-ready',
        'A bare pod (no owner) Running and Ready.',
        await c.until('ready', v => v.pods().some(ready), MINUTE, 1000)
      )
      await ctx.kubectl(
        'patch',
        'pod/web',
        '--type=merge',
        '-p',
        '{"metadata":{"finalizers":["kube-deploy.test/hold"]}}'
      )
      const deleting = c.until('terminating', v => v.pods().some(terminating), MINUTE)
      await ctx.kubectl('delete', 'pod/web', '--wait=false')
      await ctx.save(
        'pod-terminating',
        'The Ready bare pod just after `kubectl delete` (it carries a finalizer): deletionTimestamp and ' +
          'deletionGracePeriodSeconds 30 set, still Running/Ready. kwok removes deleted pods at once ' +
          '(finalizers included), so this was caught from the watch stream.',
        await deleting
      )
    }
  },
  {
    id: 'pod-succeeded',
    fixtures: ['pod-succeeded'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(pod('report', { simulate: 'manual-status', restartPolicy: 'Never' }))
      const created = await c.until(
        'started',
        v => v.get('Pod', 'report')?.status?.podIP !== undefined,
        MINUTE
      )
      const p = created.find(o => o.kind === 'Pod')!
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
      const startTime = (p.status?.startTime as string) ?? now
      // kwok completes only Job pods, so the kubelet's last status update is written here, the
      // way kwok's pod-complete stage writes it for Job pods.
      await ctx.patchStatus('pod/report', {
        phase: 'Succeeded',
        conditions: [
          {
            type: 'PodReadyToStartContainers',
            status: 'False',
            lastProbeTime: null,
            lastTransitionTime: now
          },
          { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: startTime },
          {
            type: 'Ready',
            status: 'False',
            reason: 'PodCompleted',
            lastProbeTime: null,
            lastTransitionTime: now
          },
          {
            type: 'ContainersReady',
            status: 'False',
            reason: 'PodCompleted',
            lastProbeTime: null,
            lastTransitionTime: now
          },
          { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: startTime }
        ],
        containerStatuses: [
          {
            name: 'web',
            image: p.spec?.containers?.[0].image,
            imageID: '',
            ready: false,
            started: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: startTime, finishedAt: now } }
          }
        ]
      })
      await ctx.save(
        'pod-succeeded',
        'A bare pod (restartPolicy Never) whose container exited 0: phase Succeeded, Ready=False reason ' +
          'PodCompleted, container terminated reason Completed. (kwok completes only Job pods: the ' +
          'final status was written through pods/status by the capture script in the shape kwok uses.)',
        await c.until('succeeded', v => v.pods().some(x => phase(x) === 'Succeeded'), MINUTE, 1000)
      )
    }
  },
  {
    id: 'pod-failed',
    fixtures: ['pod-failed'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(pod('report', { simulate: 'fail', restartPolicy: 'Never' }))
      await ctx.save(
        'pod-failed',
        'A bare pod (restartPolicy Never) whose container exited 1: phase Failed, Ready=False reason ' +
          'PodFailed, container terminated exitCode 1 reason Error.',
        await c.until('failed', v => v.pods().some(x => phase(x) === 'Failed'), MINUTE, 1000)
      )
    }
  },
  {
    id: 'pod-unschedulable',
    fixtures: ['pod-unschedulable'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(pod('web', { nodeSelector: { 'kube-deploy.test/pool': 'gpu' } }))
      await ctx.save(
        'pod-unschedulable',
        'A bare pod with a nodeSelector no node matches: Pending, PodScheduled=False reason ' +
          'Unschedulable, a FailedScheduling event.',
        await c.until(
          'unschedulable',
          v =>
            v.pods().some(x => conditionIs(x, 'PodScheduled', 'False', 'Unschedulable')) &&
            hasEvent(v, 'FailedScheduling'),
          MINUTE,
          1000
        )
      )
    }
  },
  {
    id: 'pod-never-ready',
    fixtures: ['pod-never-ready'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(pod('web', { simulate: 'never-ready', readinessProbe: true }))
      await ctx.save(
        'pod-never-ready',
        'A bare pod whose readiness probe never passes: Running, container running and started, ' +
          'ready=false; Ready=False and ContainersReady=False reason ContainersNotReady.',
        await c.until(
          'running not ready',
          v => v.pods().some(x => phase(x) === 'Running' && !ready(x)),
          MINUTE,
          1000
        )
      )
    }
  }
]

const replicaSetGroups: Group[] = [
  {
    id: 'replicaset-complete',
    fixtures: ['replicaset-complete'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(replicaSet('web', 3))
      await ctx.save(
        'replicaset-complete',
        'A bare 3-replica ReplicaSet with all pods Ready: status observed, replicas/' +
          'fullyLabeledReplicas/ready/available 3.',
        await c.until(
          'complete',
          v => {
            const rs = v.get('ReplicaSet', 'web')
            return observed(rs) && rs?.status?.availableReplicas === 3 && v.pods().every(ready)
          },
          MINUTE,
          1000
        )
      )
    }
  },
  {
    id: 'replicaset-quota',
    fixtures: ['replicaset-quota-exceeded'],
    async run(ctx) {
      await ctx.apply(resourceQuota('pods', { pods: '1' }))
      await quotaReady(ctx, 'pods')
      const c = await ctx.watch([RESOURCE_QUOTA])
      const t0 = Date.now()
      await ctx.apply(replicaSet('web', 3))
      await ctx.save(
        'replicaset-quota-exceeded',
        'A bare 3-replica ReplicaSet in a namespace whose ResourceQuota allows 1 pod: one pod Ready, ' +
          'ReplicaFailure=True reason FailedCreate ("pods \\"web-...\\" is forbidden: exceeded quota: ' +
          'pods, requested: pods=1, used: pods=1, limited: pods=1"); FailedCreate events.',
        await c.until(
          'ReplicaFailure',
          v => {
            const rs = v.get('ReplicaSet', 'web')
            return (
              conditionIs(rs, 'ReplicaFailure', 'True', 'FailedCreate') && rs?.status?.readyReplicas === 1
            )
          },
          MINUTE,
          1000
        )
      )
      ctx.log(`ReplicaFailure settled ${since(t0)} after apply`)
    }
  }
]

export const workloadGroups: Group[] = [
  ...deploymentGroups,
  ...statefulSetGroups,
  ...daemonSetGroups,
  ...jobGroups,
  ...podGroups,
  ...replicaSetGroups
]
