import type { KubeObject } from '../../src/kube-object.js'
import type { RolloutState } from '../../src/rollout/outcome.js'
import { problemsOf } from '../../src/rollout/judge.js'
import { find, judgeCase, NOW, type JudgeCase } from './support/scenario.js'

/**
 * The judge's verdicts, one named row each, in the style of kstatus' status_compute_test.go: every
 * row is a state captured from the local control plane (__tests__/data/cluster), sometimes with a
 * small edit that shows the next transition, and the verdict a person would give it.
 */
interface Expected {
  /** The whole wait: decided as succeeded or failed, or still undecided. */
  verdict: 'succeeded' | 'failed' | undefined
  /** The target's (or, for selector-only rows, the selector's) state. */
  state: RolloutState
  message: string | RegExp
  replicas?: string
  /** Reasons of the not-ready pods the outcome lists, `!` marking terminal ones. */
  pods?: string[]
  /** Milliseconds from NOW at which the judge asks to be woken (a grace ends). */
  wakeIn?: number
}

type Row = [name: string, testCase: JudgeCase, expected: Expected]

const SECOND = 1000
const HOLD = 'kube-deploy.test/hold'
const condition = (object: KubeObject, type: string): Record<string, unknown> =>
  ((object.status?.conditions ?? []) as Record<string, unknown>[]).find(entry => entry.type === type) ?? {}
const dropCondition = (object: KubeObject, type: string): void => {
  object.status = {
    ...object.status,
    conditions: ((object.status?.conditions ?? []) as { type: string }[]).filter(entry => entry.type !== type)
  }
}
/** The error an etcd restart gives the ReplicaSet controller's create: the controller retries. */
const ETCD_UNAVAILABLE =
  'rpc error: code = Unavailable desc = error reading from server: read tcp 127.0.0.1:52116->127.0.0.1:32759: read: connection reset by peer'
const failedCreate = (objects: KubeObject[], message: string): void => {
  for (const object of [...objectsOf(objects, 'Deployment'), ...objectsOf(objects, 'ReplicaSet')])
    Object.assign(condition(object, 'ReplicaFailure'), { message })
}
const objectsOf = (objects: KubeObject[], kind: string): KubeObject[] =>
  objects.filter(object => object.kind === kind)

const deployments: Row[] = [
  [
    'a complete Deployment is ready',
    { scenario: 'deployment-complete', target: 'Deployment' },
    {
      verdict: 'succeeded',
      state: 'Current',
      message: '3 of 3 replicas available',
      replicas: '3/3',
      pods: []
    }
  ],
  [
    'a Deployment whose new spec is not observed yet waits, without stale counts',
    { scenario: 'deployment-unobserved', target: 'Deployment' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: 'waiting for the controller to observe generation 2',
      replicas: undefined
    }
  ],
  [
    'the new ReplicaSet exists but the Deployment has not observed the change: still waiting',
    { scenario: 'deployment-unobserved-new-rs-created', target: 'Deployment' },
    { verdict: undefined, state: 'InProgress', message: 'waiting for the controller to observe generation 2' }
  ],
  [
    'a Deployment mid rollout waits for its replicas to be updated',
    { scenario: 'deployment-progressing-new-rs', target: 'Deployment' },
    { verdict: undefined, state: 'InProgress', message: '1 of 3 replicas updated', replicas: '1/3', pods: [] }
  ],
  [
    'a first image pull error is retried by the kubelet: within its grace it is progress',
    { scenario: 'deployment-image-pull-error', target: 'Deployment' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: '1 of 3 replicas updated',
      pods: ['ErrImagePull'],
      wakeIn: 5 * SECOND
    }
  ],
  [
    'an image pull error that outlasts its grace fails the rollout',
    { scenario: 'deployment-image-pull-error', target: 'Deployment', lastedMs: 6 * SECOND },
    {
      verdict: 'failed',
      state: 'Failed',
      message: /^ErrImagePull: .*fx\/web:9\.9\.9-missing.*\(pod web-\w+-\w+, container web\)$/,
      pods: ['ErrImagePull!']
    }
  ],
  [
    'without fail-fast an image pull error is only reported',
    {
      scenario: 'deployment-image-pull-error',
      target: 'Deployment',
      lastedMs: 60 * SECOND,
      policy: { failFast: false }
    },
    { verdict: undefined, state: 'InProgress', message: '1 of 3 replicas updated', pods: ['ErrImagePull'] }
  ],
  [
    'ImagePullBackOff fails at once',
    { scenario: 'deployment-image-pull-backoff', target: 'Deployment' },
    {
      verdict: 'failed',
      state: 'Failed',
      message: /^ImagePullBackOff: Back-off pulling image "fx\/web:9\.9\.9-missing" \(pod web-/,
      replicas: '0/3',
      pods: ['ImagePullBackOff!']
    }
  ],
  [
    'a crash loop fails at once, with the last exit code and the restarts',
    { scenario: 'deployment-crash-loop', target: 'Deployment' },
    {
      verdict: 'failed',
      state: 'Failed',
      message: /^CrashLoopBackOff: .*\(last exit code 1, \d+ restarts\) \(pod web-.*, container web\)$/,
      replicas: '0/3',
      pods: ['CrashLoopBackOff!', 'CrashLoopBackOff!', 'CrashLoopBackOff!']
    }
  ],
  [
    'without fail-fast a crash loop waits for the progress deadline',
    { scenario: 'deployment-crash-loop', target: 'Deployment', policy: { failFast: false } },
    { verdict: undefined, state: 'InProgress', message: '0 of 3 replicas available', replicas: '0/3' }
  ],
  [
    'pods that never become ready keep it in progress and say which containers are not ready',
    { scenario: 'deployment-never-ready', target: 'Deployment' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: '0 of 3 replicas available',
      replicas: '0/3',
      pods: ['ContainersNotReady', 'ContainersNotReady', 'ContainersNotReady']
    }
  ],
  [
    'unschedulable pods get a grace: the cluster may still make room',
    { scenario: 'deployment-unschedulable', target: 'Deployment' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: '0 of 3 replicas available',
      pods: ['Unschedulable', 'Unschedulable', 'Unschedulable'],
      wakeIn: 60 * SECOND
    }
  ],
  [
    'unschedulable pods fail once the grace has passed with no autoscaler in sight',
    { scenario: 'deployment-unschedulable', target: 'Deployment', lastedMs: 61 * SECOND },
    {
      verdict: 'failed',
      state: 'Failed',
      message:
        /^Unschedulable: 0\/3 nodes are available: 3 node\(s\) didn't match Pod's node affinity\/selector/,
      pods: ['Unschedulable!', 'Unschedulable!', 'Unschedulable!']
    }
  ],
  [
    'a quota that forbids the pods fails at once with the API message (ReplicaFailure)',
    { scenario: 'deployment-quota-exceeded', target: 'Deployment' },
    {
      verdict: 'failed',
      state: 'Failed',
      message: /^ReplicaFailure: FailedCreate: pods "web-\w+-\w+" is forbidden: exceeded quota: compute/,
      replicas: '2/3'
    }
  ],
  [
    'without fail-fast a refused pod waits for the progress deadline',
    { scenario: 'deployment-quota-exceeded', target: 'Deployment', policy: { failFast: false } },
    {
      verdict: undefined,
      state: 'InProgress',
      message:
        /^2 of 3 replicas updated; the controller retries: ReplicaFailure: FailedCreate: .*exceeded quota/,
      replicas: '2/3'
    }
  ],
  [
    'a pod the API could not be asked to create (etcd restarting) is progress: the controller retries',
    {
      scenario: 'deployment-quota-exceeded',
      target: 'Deployment',
      edit: objects => failedCreate(objects, ETCD_UNAVAILABLE)
    },
    {
      verdict: undefined,
      state: 'InProgress',
      message: `2 of 3 replicas updated; the controller retries: ReplicaFailure: FailedCreate: ${ETCD_UNAVAILABLE}`,
      replicas: '2/3'
    }
  ],
  [
    'an admission webhook that denies the pod is a refusal: it fails at once',
    {
      scenario: 'deployment-quota-exceeded',
      target: 'Deployment',
      edit: objects =>
        failedCreate(
          objects,
          'admission webhook "policy.example.com" denied the request: images must come from ghcr.io/acme'
        )
    },
    {
      verdict: 'failed',
      state: 'Failed',
      message: /^ReplicaFailure: FailedCreate: admission webhook .* denied the request/
    }
  ],
  [
    'a ReplicaFailure seen on the new ReplicaSet before the Deployment copies it fails too',
    {
      scenario: 'deployment-quota-exceeded',
      target: 'Deployment',
      edit: objects => dropCondition(find(objects, 'Deployment'), 'ReplicaFailure')
    },
    { verdict: 'failed', state: 'Failed', message: /^ReplicaFailure: FailedCreate: .*exceeded quota/ }
  ],
  [
    'ProgressDeadlineExceeded is a failure even without fail-fast',
    { scenario: 'deployment-progress-deadline', target: 'Deployment', policy: { failFast: false } },
    {
      verdict: 'failed',
      state: 'Failed',
      message: /^ProgressDeadlineExceeded: ReplicaSet "web-\w+" has timed out progressing\.$/,
      replicas: '0/3'
    }
  ],
  [
    'a paused Deployment is reported as paused',
    { scenario: 'deployment-paused', target: 'Deployment' },
    {
      verdict: 'succeeded',
      state: 'Current',
      message: 'paused: the rollout will not progress until it is resumed',
      replicas: '3/3'
    }
  ],
  [
    'a Deployment scaled to zero is ready with nothing to run',
    { scenario: 'deployment-scaled-to-zero', target: 'Deployment' },
    { verdict: 'succeeded', state: 'Current', message: '0 of 0 replicas available', replicas: '0/0' }
  ],
  [
    'after a restart the old pods, terminating or not, do not make it ready',
    { scenario: 'deployment-restart-old-pods-terminating', target: 'Deployment' },
    { verdict: undefined, state: 'InProgress', message: '1 of 3 replicas updated', replicas: '1/3' }
  ],
  [
    'minReadySeconds: Ready pods are not available yet, and the pods do not overrule the controller',
    { scenario: 'deployment-min-ready-seconds', target: 'Deployment' },
    { verdict: undefined, state: 'InProgress', message: '0 of 3 replicas available', replicas: '0/3' }
  ],
  [
    'the pods prove the rollout before the controller counts them',
    {
      scenario: 'deployment-complete',
      target: 'Deployment',
      edit: objects => {
        const deployment = find(objects, 'Deployment')
        deployment.status = { ...deployment.status, availableReplicas: 1, readyReplicas: 1 }
      }
    },
    { verdict: 'succeeded', state: 'Current', message: '3 of 3 replicas available', replicas: '3/3' }
  ],
  [
    'the pods prove nothing while a pod of an old ReplicaSet is left',
    {
      scenario: 'deployment-restart-old-pods-terminating',
      target: 'Deployment',
      edit: objects => {
        const deployment = find(objects, 'Deployment')
        deployment.status = { ...deployment.status, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }
      }
    },
    { verdict: undefined, state: 'InProgress', message: '2 of 3 replicas available', replicas: '2/3' }
  ]
]

const statefulSets: Row[] = [
  [
    'a complete StatefulSet is ready',
    { scenario: 'statefulset-complete', target: 'StatefulSet' },
    { verdict: 'succeeded', state: 'Current', message: '3 of 3 replicas ready', replicas: '3/3', pods: [] }
  ],
  [
    'a restart the controller has not observed yet waits',
    { scenario: 'statefulset-restart-unobserved', target: 'StatefulSet' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: 'waiting for the controller to observe generation 2',
      replicas: undefined
    }
  ],
  [
    'a restart in progress waits; only the pod of the update revision is judged',
    { scenario: 'statefulset-restart-in-progress', target: 'StatefulSet' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: '2 of 3 replicas ready',
      replicas: '2/3',
      pods: ['ContainerCreating']
    }
  ],
  [
    'every replica ready but the update revision not current yet: still in progress',
    {
      scenario: 'statefulset-restart-in-progress',
      target: 'StatefulSet',
      edit: objects => {
        const set = find(objects, 'StatefulSet')
        set.status = { ...set.status, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 }
      }
    },
    { verdict: undefined, state: 'InProgress', message: /^waiting for revision web-\w+ to become current$/ }
  ],
  [
    'a partitioned update is done when the replicas above the partition are updated',
    { scenario: 'statefulset-partition', target: 'StatefulSet' },
    { verdict: 'succeeded', state: 'Current', message: '1 of 1 replicas above partition 2 updated' }
  ],
  [
    'a partitioned update waits for the replicas above the partition',
    {
      scenario: 'statefulset-partition',
      target: 'StatefulSet',
      edit: objects => {
        const set = find(objects, 'StatefulSet')
        set.status = { ...set.status, updatedReplicas: 0 }
      }
    },
    { verdict: undefined, state: 'InProgress', message: '0 of 1 replicas above partition 2 updated' }
  ],
  [
    'OnDelete: ready once the replicas are ready, pods update when deleted',
    { scenario: 'statefulset-ondelete', target: 'StatefulSet' },
    {
      verdict: 'succeeded',
      state: 'Current',
      message: '3 of 3 replicas ready (OnDelete: pods update when deleted)'
    }
  ],
  [
    'a crash loop in the update revision fails at once',
    { scenario: 'statefulset-crash-loop', target: 'StatefulSet' },
    {
      verdict: 'failed',
      state: 'Failed',
      message: /^CrashLoopBackOff: .*\(pod web-0, container web\)$/,
      pods: ['CrashLoopBackOff!']
    }
  ],
  [
    'minReadySeconds: ready but not available yet',
    {
      scenario: 'statefulset-complete',
      target: 'StatefulSet',
      edit: objects => {
        const set = find(objects, 'StatefulSet')
        set.status = { ...set.status, availableReplicas: 1 }
      }
    },
    { verdict: undefined, state: 'InProgress', message: '1 of 3 replicas available' }
  ]
]

const daemonSets: Row[] = [
  [
    'a complete DaemonSet is ready',
    { scenario: 'daemonset-complete', target: 'DaemonSet' },
    { verdict: 'succeeded', state: 'Current', message: '3 of 3 pods available', replicas: '3/3' }
  ],
  [
    'an update in progress waits for every node to run the current ControllerRevision',
    { scenario: 'daemonset-update-in-progress', target: 'DaemonSet' },
    { verdict: undefined, state: 'InProgress', message: '1 of 3 pods updated', pods: ['Pending'] }
  ],
  [
    'an image pull error in the new revision fails after its grace',
    { scenario: 'daemonset-image-pull-error', target: 'DaemonSet', lastedMs: 6 * SECOND },
    {
      verdict: 'failed',
      state: 'Failed',
      message: /^ErrImagePull: .*\(pod agent-\w+, container web\)$/,
      pods: ['ErrImagePull!']
    }
  ],
  [
    'an image pull error in the new revision is progress within its grace',
    { scenario: 'daemonset-image-pull-error', target: 'DaemonSet' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: '1 of 3 pods updated',
      pods: ['ErrImagePull'],
      wakeIn: 5 * SECOND
    }
  ],
  [
    'updated but not yet available',
    {
      scenario: 'daemonset-complete',
      target: 'DaemonSet',
      edit: objects => {
        const set = find(objects, 'DaemonSet')
        set.status = { ...set.status, numberAvailable: 2 }
      }
    },
    { verdict: undefined, state: 'InProgress', message: '2 of 3 pods available', replicas: '2/3' }
  ],
  [
    'a DaemonSet whose new spec is not observed yet waits',
    {
      scenario: 'daemonset-complete',
      target: 'DaemonSet',
      edit: objects => {
        find(objects, 'DaemonSet').metadata.generation = 2
      }
    },
    { verdict: undefined, state: 'InProgress', message: 'waiting for the controller to observe generation 2' }
  ]
]

const jobs: Row[] = [
  [
    'a running Job is in progress',
    { scenario: 'job-running', target: 'Job' },
    { verdict: undefined, state: 'InProgress', message: '1 active, 0 succeeded, 0 failed', replicas: '0/1' }
  ],
  [
    'a complete Job is ready',
    { scenario: 'job-complete', target: 'Job' },
    { verdict: 'succeeded', state: 'Current', message: 'completed (1 succeeded)', replicas: '1/1' }
  ],
  [
    'SuccessCriteriaMet before Complete is ready too, the pod counted before the controller counts it',
    { scenario: 'job-success-criteria-met', target: 'Job' },
    { verdict: 'succeeded', state: 'Current', message: 'completed (1 succeeded)', replicas: '1/1' }
  ],
  [
    'after a failed attempt the replacement pod starts: still a retry',
    { scenario: 'job-retrying-new-pod', target: 'Job' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: '1 active, 0 succeeded, 1 failed; retrying (backoffLimit 3)',
      pods: ['Error', 'ContainerCreating']
    }
  ],
  [
    'a failed attempt before the back-off limit is a retry, not a failure',
    { scenario: 'job-retrying', target: 'Job' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: '0 active, 0 succeeded, 1 failed; retrying (backoffLimit 3)',
      pods: ['Error']
    }
  ],
  [
    'failed attempts stay retries without fail-fast too',
    { scenario: 'job-retrying', target: 'Job', policy: { failFast: false } },
    { verdict: undefined, state: 'InProgress', message: /retrying/ }
  ],
  [
    "BackoffLimitExceeded fails with the controller's reason",
    { scenario: 'job-backoff-limit-exceeded', target: 'Job' },
    {
      verdict: 'failed',
      state: 'Failed',
      message: 'BackoffLimitExceeded: Job has reached the specified backoff limit',
      pods: ['Error!', 'Error!', 'Error!', 'Error!']
    }
  ],
  [
    'FailureTarget fails before the controller writes Failed',
    { scenario: 'job-failure-target', target: 'Job' },
    {
      verdict: 'failed',
      state: 'Failed',
      message: 'BackoffLimitExceeded: Job has reached the specified backoff limit'
    }
  ],
  [
    'DeadlineExceeded fails',
    { scenario: 'job-deadline-exceeded', target: 'Job' },
    {
      verdict: 'failed',
      state: 'Failed',
      message: 'DeadlineExceeded: Job was active longer than specified deadline'
    }
  ],
  [
    'a suspended Job is reported as suspended',
    { scenario: 'job-suspended', target: 'Job' },
    { verdict: 'succeeded', state: 'Current', message: 'suspended: no pod runs until the Job is resumed' }
  ],
  [
    'a Job pod that cannot pull its image fails fast after the grace: it is no attempt at all',
    { scenario: 'job-image-pull-error', target: 'Job', lastedMs: 6 * SECOND },
    { verdict: 'failed', state: 'Failed', message: /^ErrImagePull: .*\(pod migrate-\w+, container web\)$/ }
  ],
  [
    'a Job pod that cannot pull its image is progress within the grace',
    { scenario: 'job-image-pull-error', target: 'Job' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: '1 active, 0 succeeded, 0 failed',
      wakeIn: 5 * SECOND
    }
  ],
  [
    'a crash-looping Job pod (restartPolicy OnFailure) is an attempt the Job counts',
    {
      scenario: 'job-running',
      target: 'Job',
      edit: objects => {
        const pod = find(objects, 'Pod')
        pod.status = {
          ...pod.status,
          containerStatuses: [
            {
              name: 'web',
              ready: false,
              restartCount: 2,
              state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s' } },
              lastState: { terminated: { exitCode: 1, reason: 'Error' } }
            }
          ]
        }
      }
    },
    {
      verdict: undefined,
      state: 'InProgress',
      message: '1 active, 0 succeeded, 0 failed',
      pods: ['CrashLoopBackOff']
    }
  ]
]

const pods: Row[] = [
  [
    'a Ready pod is ready',
    { scenario: 'pod-ready', target: 'Pod' },
    { verdict: 'succeeded', state: 'Current', message: 'ready', pods: [] }
  ],
  [
    'a terminating pod is never ready, even while its Ready condition says True',
    { scenario: 'pod-terminating', target: 'Pod' },
    { verdict: undefined, state: 'InProgress', message: 'terminating', pods: ['Terminating'] }
  ],
  [
    'a Succeeded pod is done',
    { scenario: 'pod-succeeded', target: 'Pod' },
    { verdict: 'succeeded', state: 'Current', message: 'succeeded' }
  ],
  [
    'a Failed pod is final, whatever fail-fast says',
    { scenario: 'pod-failed', target: 'Pod', policy: { failFast: false } },
    { verdict: 'failed', state: 'Failed', message: 'Error: exited with code 1' }
  ],
  [
    'a pod that never becomes ready says which containers are not ready',
    { scenario: 'pod-never-ready', target: 'Pod' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: 'ContainersNotReady: containers with unready status: [web]',
      pods: ['ContainersNotReady']
    }
  ],
  [
    'an unschedulable pod waits out its grace',
    { scenario: 'pod-unschedulable', target: 'Pod' },
    { verdict: undefined, state: 'InProgress', message: /^Unschedulable: 0\/3 nodes/, wakeIn: 60 * SECOND }
  ],
  [
    'an unschedulable pod fails after its grace',
    { scenario: 'pod-unschedulable', target: 'Pod', lastedMs: 60 * SECOND },
    { verdict: 'failed', state: 'Failed', message: /^Unschedulable: 0\/3 nodes.*\(pod web\)$/ }
  ],
  [
    'a container that exits non-zero with restartPolicy Never fails at once',
    {
      scenario: 'pod-never-ready',
      target: 'Pod',
      edit: objects => {
        const pod = find(objects, 'Pod')
        pod.spec = { ...pod.spec, restartPolicy: 'Never' }
        pod.status = {
          ...pod.status,
          containerStatuses: [
            { name: 'web', ready: false, state: { terminated: { exitCode: 3, reason: 'Error' } } }
          ]
        }
      }
    },
    { verdict: 'failed', state: 'Failed', message: 'Error: exited with code 3 (pod web, container web)' }
  ],
  [
    'an init container that cannot start its config fails at once',
    {
      scenario: 'pod-never-ready',
      target: 'Pod',
      edit: objects => {
        const pod = find(objects, 'Pod')
        pod.status = {
          ...pod.status,
          initContainerStatuses: [
            {
              name: 'setup',
              ready: false,
              state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "db" not found' } }
            }
          ]
        }
      }
    },
    {
      verdict: 'failed',
      state: 'Failed',
      message: 'CreateContainerConfigError: secret "db" not found (pod web, container setup)'
    }
  ],
  [
    'a readiness probe failing keeps the pod in progress (evidence shows the Unhealthy event)',
    { scenario: 'events-readiness-probe-failed', target: 'Pod' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: 'ContainersNotReady: containers with unready status: [web]',
      pods: ['ContainersNotReady']
    }
  ]
]

const autoscaler: Row[] = [
  [
    'an unschedulable pod the autoscaler is scaling up for never fails on its own',
    { scenario: 'events-autoscaler-triggered-scale-up', target: 'Deployment', lastedMs: 10 * 60 * SECOND },
    { verdict: undefined, state: 'InProgress', message: '0 of 1 replicas available', pods: ['Unschedulable'] }
  ],
  [
    "NotTriggerScaleUp makes an unschedulable pod fail at once, with the autoscaler's words",
    { scenario: 'events-autoscaler-not-triggered', target: 'Deployment' },
    {
      verdict: 'failed',
      state: 'Failed',
      message:
        /^Unschedulable: .*; cluster-autoscaler: pod didn't trigger scale-up: .*max node group size reached/,
      pods: ['Unschedulable!']
    }
  ],
  [
    "the autoscaler's latest word counts: a refusal after a scale-up fails",
    {
      scenario: 'events-autoscaler-triggered-scale-up',
      target: 'Deployment',
      edit: objects => {
        const triggered = objects.find(
          object => object.kind === 'Event' && object.reason === 'TriggeredScaleUp'
        )
        if (!triggered) throw new Error('no TriggeredScaleUp event in the scenario')
        objects.push({
          ...triggered,
          metadata: { ...triggered.metadata, name: `${triggered.metadata.name}-later`, uid: 'later' },
          reason: 'NotTriggerScaleUp',
          message: "pod didn't trigger scale-up: 1 max node group size reached",
          lastTimestamp: new Date(NOW).toISOString(),
          eventTime: null
        })
      }
    },
    {
      verdict: 'failed',
      state: 'Failed',
      message: /cluster-autoscaler: pod didn't trigger scale-up: 1 max node/
    }
  ]
]

const replicaSets: Row[] = [
  [
    'a complete ReplicaSet is ready',
    { scenario: 'replicaset-complete', target: 'ReplicaSet' },
    { verdict: 'succeeded', state: 'Current', message: '3 of 3 replicas available', replicas: '3/3' }
  ],
  [
    'a ReplicaSet waits for its replicas to be available',
    {
      scenario: 'replicaset-complete',
      target: 'ReplicaSet',
      edit: objects => {
        const set = find(objects, 'ReplicaSet')
        set.status = { ...set.status, availableReplicas: 1 }
      }
    },
    { verdict: undefined, state: 'InProgress', message: '1 of 3 replicas available', replicas: '1/3' }
  ],
  [
    'a ReplicaSet whose new spec is not observed yet waits',
    {
      scenario: 'replicaset-complete',
      target: 'ReplicaSet',
      edit: objects => {
        find(objects, 'ReplicaSet').metadata.generation = 5
      }
    },
    { verdict: undefined, state: 'InProgress', message: 'waiting for the controller to observe generation 5' }
  ],
  [
    'a ReplicaSet refused pods by a quota fails at once',
    { scenario: 'replicaset-quota-exceeded', target: 'ReplicaSet' },
    {
      verdict: 'failed',
      state: 'Failed',
      message: /^ReplicaFailure: FailedCreate: pods "web-\w+" is forbidden: exceeded quota: pods/,
      replicas: '1/3'
    }
  ],
  [
    'a ReplicaSet whose create met an unavailable API waits for the controller to retry',
    {
      scenario: 'replicaset-quota-exceeded',
      target: 'ReplicaSet',
      edit: objects => failedCreate(objects, ETCD_UNAVAILABLE)
    },
    {
      verdict: undefined,
      state: 'InProgress',
      message: `1 of 3 replicas available; the controller retries: ReplicaFailure: FailedCreate: ${ETCD_UNAVAILABLE}`,
      replicas: '1/3'
    }
  ]
]

const customResources: Row[] = [
  [
    'Ready=True is ready',
    { scenario: 'cr-ready-true', target: 'Widget' },
    {
      verdict: 'succeeded',
      state: 'Current',
      message: 'Ready: Succeeded: Widget is ready: 2/2 replicas available'
    }
  ],
  [
    'Ready=False with a reason that sounds bad is a controller still retrying',
    { scenario: 'cr-ready-false-retrying', target: 'Widget' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: /^Ready=False: ReconciliationFailed: .*retrying in 30s$/
    }
  ],
  [
    'a condition the user names in failure-conditions fails when True',
    {
      scenario: 'cr-ready-false-retrying',
      target: 'Widget',
      policy: { failureConditions: { 'Widget.fx.kube-deploy.test': 'Degraded' } },
      edit: objects => {
        const widget = find(objects, 'Widget')
        ;(widget.status?.conditions as unknown[]).push({
          type: 'Degraded',
          status: 'True',
          reason: 'BackendDown',
          message: 'no backend answers'
        })
      }
    },
    { verdict: 'failed', state: 'Failed', message: 'Degraded: BackendDown: no backend answers' }
  ],
  [
    'a failure condition that is False fails nothing',
    {
      scenario: 'cr-ready-true',
      target: 'Widget',
      policy: { failureConditions: { 'Widget.fx.kube-deploy.test': 'Degraded' } }
    },
    { verdict: 'succeeded', state: 'Current', message: /^Ready: / }
  ],
  [
    'Reconciling=True is in progress',
    { scenario: 'cr-reconciling', target: 'Widget' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: 'Reconciling: Progressing: Reconciliation in progress: 1/2 replicas available'
    }
  ],
  [
    'Stalled=True fails',
    { scenario: 'cr-stalled', target: 'Widget' },
    {
      verdict: 'failed',
      state: 'Failed',
      message: 'Stalled: InvalidConfiguration: spec.size: unsupported value "huge"'
    }
  ],
  [
    'a numeric observedGeneration behind the generation waits, whatever Ready says',
    { scenario: 'cr-observed-generation-behind', target: 'Widget' },
    { verdict: undefined, state: 'InProgress', message: 'waiting for the controller to observe generation 2' }
  ],
  [
    'a string observedGeneration equal to the generation counts as observed',
    { scenario: 'cr-observed-generation-string', target: 'Widget' },
    { verdict: 'succeeded', state: 'Current', message: /^Ready: / }
  ],
  [
    'a string observedGeneration behind the generation waits',
    {
      scenario: 'cr-observed-generation-string',
      target: 'Widget',
      edit: objects => {
        find(objects, 'Widget').metadata.generation = 2
      }
    },
    { verdict: undefined, state: 'InProgress', message: 'waiting for the controller to observe generation 2' }
  ],
  [
    'a kind whose controller reports status waits for its first report',
    {
      scenario: 'cr-no-status',
      target: 'Widget',
      policy: { reportingKinds: new Set(['Widget.fx.kube-deploy.test']) }
    },
    { verdict: undefined, state: 'InProgress', message: 'waiting for the controller to report status' }
  ],
  [
    'a kind without a status subresource is ready once stored',
    { scenario: 'cr-no-status', target: 'Widget' },
    { verdict: 'succeeded', state: 'Current', message: 'exists' }
  ],
  [
    'ready-conditions names the condition that means ready, and waits for it',
    {
      scenario: 'cr-ready-true',
      target: 'Widget',
      policy: { readyConditions: { 'Widget.fx.kube-deploy.test': 'Serving' } }
    },
    { verdict: undefined, state: 'InProgress', message: 'waiting for condition Serving' }
  ],
  [
    'ready-conditions: the named condition True is ready',
    {
      scenario: 'cr-reconciling',
      target: 'Widget',
      policy: { readyConditions: { 'Widget.fx.kube-deploy.test': 'Reconciling' } }
    },
    { verdict: 'succeeded', state: 'Current', message: /^Reconciling: Progressing/ }
  ],
  [
    'Available stands in for Ready',
    {
      scenario: 'cr-ready-true',
      target: 'Widget',
      edit: objects => {
        const ready = condition(find(objects, 'Widget'), 'Ready')
        ready.type = 'Available'
      }
    },
    { verdict: 'succeeded', state: 'Current', message: /^Available: / }
  ],
  [
    'conditions without a readiness condition: ready',
    {
      scenario: 'cr-ready-true',
      target: 'Widget',
      edit: objects => {
        const ready = condition(find(objects, 'Widget'), 'Ready')
        ready.type = 'Synced'
      }
    },
    { verdict: 'succeeded', state: 'Current', message: 'no readiness condition' }
  ],
  [
    'a CRD that is Established is ready',
    { scenario: 'cr-ready-true', target: 'CustomResourceDefinition' },
    { verdict: 'succeeded', state: 'Current', message: 'established' }
  ],
  [
    'a CRD whose names are not accepted fails',
    {
      scenario: 'cr-ready-true',
      target: 'CustomResourceDefinition',
      edit: objects => {
        const names = condition(find(objects, 'CustomResourceDefinition'), 'NamesAccepted')
        Object.assign(names, {
          status: 'False',
          reason: 'ListKindConflict',
          message: '"WidgetList" is already in use'
        })
      }
    },
    { verdict: 'failed', state: 'Failed', message: 'NamesAccepted=False: "WidgetList" is already in use' }
  ],
  [
    'a CRD not Established yet waits',
    {
      scenario: 'cr-ready-true',
      target: 'CustomResourceDefinition',
      edit: objects => dropCondition(find(objects, 'CustomResourceDefinition'), 'Established')
    },
    { verdict: undefined, state: 'InProgress', message: 'waiting for Established' }
  ]
]

const argoRollouts: Row[] = [
  [
    'a Healthy Rollout is ready',
    { scenario: 'rollout-healthy', target: 'Rollout' },
    { verdict: 'succeeded', state: 'Current', message: /^Healthy/, replicas: '4/4' }
  ],
  [
    'a blue-green Rollout paused before promotion is not ready, and says why',
    { scenario: 'rollout-paused-bluegreen', target: 'Rollout' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: 'paused: BlueGreenPause; blue-green; active fx/web:1.0.0, preview fx/web:1.1.0'
    }
  ],
  [
    'a canary paused at a step is not ready, though Available=True',
    { scenario: 'rollout-paused-canary', target: 'Rollout' },
    {
      verdict: undefined,
      state: 'InProgress',
      message:
        'paused: CanaryPauseStep; canary step 1/4, weight 25 (actual 25); stable fx/web:1.0.0, canary fx/web:1.1.0',
      replicas: '4/4'
    }
  ],
  [
    'a Rollout paused by the user (spec.paused) is not ready',
    { scenario: 'rollout-spec-paused', target: 'Rollout' },
    { verdict: undefined, state: 'InProgress', message: /^paused: manually paused/ }
  ],
  [
    'a progressing Rollout waits',
    { scenario: 'rollout-progressing', target: 'Rollout' },
    { verdict: undefined, state: 'InProgress', message: /^Progressing: more replicas need to be updated/ }
  ],
  [
    "a Degraded Rollout fails with the controller's message",
    { scenario: 'rollout-degraded', target: 'Rollout' },
    {
      verdict: 'failed',
      state: 'Failed',
      message:
        /^Degraded: ProgressDeadlineExceeded: ReplicaSet "web-\w+" has timed out progressing; canary step 0\/4/
    }
  ],
  [
    'an aborted Rollout fails',
    { scenario: 'rollout-aborted', target: 'Rollout' },
    {
      verdict: 'failed',
      state: 'Failed',
      message: /^aborted: RolloutAborted: Rollout aborted update to revision 2/
    }
  ],
  [
    'a Rollout whose spec the controller has not observed (string observedGeneration) waits',
    {
      scenario: 'rollout-healthy',
      target: 'Rollout',
      edit: objects => {
        find(objects, 'Rollout').metadata.generation = 2
      }
    },
    { verdict: undefined, state: 'InProgress', message: 'waiting for the controller to observe generation 2' }
  ],
  [
    'a Rollout being unpaused (controllerPause without pause conditions) waits',
    {
      scenario: 'rollout-paused-bluegreen',
      target: 'Rollout',
      edit: objects => {
        const rollout = find(objects, 'Rollout')
        rollout.status = { ...rollout.status, controllerPause: true, pauseConditions: [] }
      }
    },
    { verdict: undefined, state: 'InProgress', message: /^waiting for the rollout to unpause; blue-green/ }
  ],
  [
    'a Rollout from a controller before 1.0 (no phase) is read from its conditions',
    {
      scenario: 'rollout-degraded',
      target: 'Rollout',
      edit: objects => {
        const rollout = find(objects, 'Rollout')
        rollout.status = { ...rollout.status, phase: undefined }
      }
    },
    { verdict: 'failed', state: 'Failed', message: /^ProgressDeadlineExceeded: / }
  ]
]

const paused = { waitUntil: 'paused' as const }
const aborted = { waitUntil: 'aborted' as const }
/** The Rollout of a scenario, its status edited. */
const withStatus =
  (fields: Record<string, unknown>) =>
  (objects: KubeObject[]): void => {
    const rollout = find(objects, 'Rollout')
    rollout.status = { ...rollout.status, ...fields }
  }

/** `wait-until: paused` (stop at the next pause) and what `command: abort` waits for, plus what `status` shows. */
const argoRolloutGoals: Row[] = [
  [
    'wait-until paused: a canary paused at a step is done',
    { scenario: 'rollout-paused-canary', target: 'Rollout', policy: paused },
    {
      verdict: 'succeeded',
      state: 'Current',
      message: /^paused: CanaryPauseStep; canary step 1\/4, weight 25 \(actual 25\)/
    }
  ],
  [
    'wait-until paused: a blue-green preview awaiting promotion is done',
    { scenario: 'rollout-paused-bluegreen', target: 'Rollout', policy: paused },
    { verdict: 'succeeded', state: 'Current', message: /^paused: BlueGreenPause; blue-green; active / }
  ],
  [
    'wait-until paused: a Rollout paused by the user is done',
    { scenario: 'rollout-spec-paused', target: 'Rollout', policy: paused },
    { verdict: 'succeeded', state: 'Current', message: /^paused: manually paused/ }
  ],
  [
    'wait-until paused: a Rollout paused by a controller before 1.0 (no phase) is done',
    {
      scenario: 'rollout-paused-canary',
      target: 'Rollout',
      policy: paused,
      edit: withStatus({ phase: undefined, controllerPause: undefined })
    },
    { verdict: 'succeeded', state: 'Current', message: /^paused: CanaryPauseStep/ }
  ],
  [
    'wait-until paused: a Rollout that became Healthy without pausing is done too',
    { scenario: 'rollout-healthy', target: 'Rollout', policy: paused },
    { verdict: 'succeeded', state: 'Current', message: /^Healthy/ }
  ],
  [
    'wait-until paused: a progressing Rollout waits for its next pause',
    { scenario: 'rollout-progressing', target: 'Rollout', policy: paused },
    { verdict: undefined, state: 'InProgress', message: /^Progressing: / }
  ],
  [
    'wait-until paused: a Rollout just promoted (pause conditions cleared) is not at its next pause yet',
    {
      scenario: 'rollout-paused-canary',
      target: 'Rollout',
      policy: paused,
      edit: withStatus({ pauseConditions: [] })
    },
    { verdict: undefined, state: 'InProgress', message: /^waiting for the rollout to unpause/ }
  ],
  [
    'wait-until paused: a spec the controller has not observed is not its pause',
    {
      scenario: 'rollout-paused-canary',
      target: 'Rollout',
      policy: paused,
      edit: objects => {
        find(objects, 'Rollout').metadata.generation = 3
      }
    },
    { verdict: undefined, state: 'InProgress', message: 'waiting for the controller to observe generation 3' }
  ],
  [
    'wait-until paused: an aborted Rollout still fails',
    { scenario: 'rollout-aborted', target: 'Rollout', policy: paused },
    { verdict: 'failed', state: 'Failed', message: /^aborted: RolloutAborted/ }
  ],
  [
    'wait-until paused: a Deployment judges as usual',
    { scenario: 'deployment-progressing-new-rs', target: 'Deployment', policy: paused },
    { verdict: undefined, state: 'InProgress', message: '1 of 3 replicas updated' }
  ],
  [
    'abort: aborted, taken by the controller, the stable ReplicaSet fully available: done',
    { scenario: 'rollout-aborted', target: 'Rollout', policy: aborted },
    {
      verdict: 'succeeded',
      state: 'Current',
      message:
        'aborted (RolloutAborted: Rollout aborted update to revision 2), stable ReplicaSet web-6d4f9c7b8d: 4 of 4 available; canary step 0/4, weight 0 (actual 0); stable fx/web:1.0.0, canary fx/web:1.1.0',
      replicas: '4/4'
    }
  ],
  [
    'abort: the canary still has available pods (a Service reaches them): waits',
    {
      scenario: 'rollout-aborted',
      target: 'Rollout',
      policy: aborted,
      edit: objects => {
        const canary = find(objects, 'ReplicaSet', 'web-7c9b5f6d4f')
        canary.status = { ...canary.status, availableReplicas: 1 }
      }
    },
    {
      verdict: undefined,
      state: 'InProgress',
      message:
        /^aborted, stable ReplicaSet web-6d4f9c7b8d: 4 of 4 available, but canary ReplicaSet web-7c9b5f6d4f still has 1 available pod;/
    }
  ],
  [
    'abort: a traffic router still sending the canary a share: waits',
    {
      scenario: 'rollout-aborted',
      target: 'Rollout',
      policy: aborted,
      edit: objects => {
        const rollout = find(objects, 'Rollout')
        const spec = rollout.spec as { strategy: { canary: Record<string, unknown> } }
        spec.strategy.canary.trafficRouting = { nginx: { stableIngress: 'web' } }
        rollout.status = { ...rollout.status, canary: { weights: { canary: { weight: 25 } } } }
      }
    },
    { verdict: undefined, state: 'InProgress', message: /, but the canary still gets 25% of the traffic;/ }
  ],
  [
    'abort: a traffic router with the canary at 0%: done',
    {
      scenario: 'rollout-aborted',
      target: 'Rollout',
      policy: aborted,
      edit: objects => {
        const rollout = find(objects, 'Rollout')
        const spec = rollout.spec as { strategy: { canary: Record<string, unknown> } }
        spec.strategy.canary.trafficRouting = { nginx: { stableIngress: 'web' } }
        rollout.status = { ...rollout.status, canary: { weights: { canary: { weight: 0 } } } }
      }
    },
    { verdict: 'succeeded', state: 'Current', message: /^aborted \(/ }
  ],
  [
    'abort: a blue-green Rollout whose active Service is on stable is done, its preview left running',
    {
      scenario: 'rollout-paused-bluegreen',
      target: 'Rollout',
      policy: aborted,
      edit: withStatus({ abort: true, phase: 'Degraded', message: 'RolloutAborted: aborted', replicas: 6 })
    },
    {
      verdict: 'succeeded',
      state: 'Current',
      message:
        /^aborted \(RolloutAborted: aborted\), stable ReplicaSet web-6d4f9c7b8d: 3 of 3 available; blue-green/
    }
  ],
  [
    'abort: a blue-green Rollout whose active Service still selects the new version waits',
    {
      scenario: 'rollout-paused-bluegreen',
      target: 'Rollout',
      policy: aborted,
      edit: withStatus({
        abort: true,
        phase: 'Degraded',
        blueGreen: { activeSelector: '7c9b5f6d4f', previewSelector: '7c9b5f6d4f' }
      })
    },
    { verdict: undefined, state: 'InProgress', message: /, but the active Service still selects 7c9b5f6d4f;/ }
  ],
  [
    'abort: taken by a controller before 1.0 (no phase, the RolloutAborted condition): done',
    {
      scenario: 'rollout-aborted',
      target: 'Rollout',
      policy: aborted,
      edit: withStatus({ phase: undefined, message: undefined })
    },
    { verdict: 'succeeded', state: 'Current', message: /^aborted, stable ReplicaSet web-6d4f9c7b8d: 4 of 4/ }
  ],
  [
    'abort: the stable ReplicaSet not yet scaled back up waits',
    {
      scenario: 'rollout-aborted',
      target: 'Rollout',
      policy: aborted,
      edit: objects => {
        const stable = find(objects, 'ReplicaSet', 'web-6d4f9c7b8d')
        stable.status = { ...stable.status, availableReplicas: 3 }
      }
    },
    {
      verdict: undefined,
      state: 'InProgress',
      message: /^aborted, stable ReplicaSet web-6d4f9c7b8d: 3 of 4 available; /
    }
  ],
  [
    'abort: without its ReplicaSets in sight, the Rollout counts the stable replicas',
    {
      scenario: 'rollout-aborted',
      target: 'Rollout',
      policy: aborted,
      edit: objects => objects.splice(0, objects.length, ...objects.filter(o => o.kind !== 'ReplicaSet'))
    },
    {
      verdict: 'succeeded',
      state: 'Current',
      message: /^aborted \(.*\), stable replicas: 4 of 4 available; canary step 0\/4/
    }
  ],
  [
    'abort: status.abort set, the controller has not taken it yet: waits',
    {
      scenario: 'rollout-paused-canary',
      target: 'Rollout',
      policy: aborted,
      edit: withStatus({ abort: true })
    },
    { verdict: undefined, state: 'InProgress', message: /^abort requested: waiting for the controller/ }
  ],
  [
    'abort: a Rollout no longer aborted (retried) waits',
    { scenario: 'rollout-progressing', target: 'Rollout', policy: aborted },
    { verdict: undefined, state: 'InProgress', message: /^not aborted \(status\.abort is not set\)/ }
  ],
  [
    'abort: a Healthy Rollout is on its stable ReplicaSet: done',
    { scenario: 'rollout-healthy', target: 'Rollout', policy: aborted },
    { verdict: 'succeeded', state: 'Current', message: /^Healthy: on its stable ReplicaSet/ }
  ],
  [
    'abort: an invalid spec fails',
    {
      scenario: 'rollout-aborted',
      target: 'Rollout',
      policy: aborted,
      edit: withStatus({
        conditions: [{ type: 'InvalidSpec', status: 'True', message: 'The Rollout "web" is invalid' }]
      })
    },
    { verdict: 'failed', state: 'Failed', message: /^InvalidSpec: The Rollout "web" is invalid/ }
  ],
  [
    'abort: a spec not observed yet waits',
    {
      scenario: 'rollout-aborted',
      target: 'Rollout',
      policy: aborted,
      edit: objects => {
        find(objects, 'Rollout').metadata.generation = 3
      }
    },
    { verdict: undefined, state: 'InProgress', message: 'waiting for the controller to observe generation 3' }
  ]
]

const selectors: Row[] = [
  [
    'selector: old StatefulSet pods still Ready after a restart prove nothing',
    { scenario: 'statefulset-restart-in-progress', selector: 'app=web' },
    { verdict: undefined, state: 'InProgress', message: 'statefulset/web: 2 of 3 replicas ready' }
  ],
  [
    'selector: a StatefulSet restart not observed yet is not done, though every pod is Ready',
    { scenario: 'statefulset-restart-unobserved', selector: 'app=web' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: 'statefulset/web: waiting for the controller to observe generation 2'
    }
  ],
  [
    "selector: a complete StatefulSet's pods are ready",
    { scenario: 'statefulset-complete', selector: 'app=web' },
    { verdict: 'succeeded', state: 'Current', message: '3 of 3 pods ready' }
  ],
  [
    'selector: a DaemonSet update waits for the current ControllerRevision on every node',
    { scenario: 'daemonset-update-in-progress', selector: 'app=agent' },
    { verdict: undefined, state: 'InProgress', message: 'daemonset/agent: 1 of 3 pods updated' }
  ],
  [
    "selector: a complete DaemonSet's pods are ready",
    { scenario: 'daemonset-complete', selector: 'app=agent' },
    { verdict: 'succeeded', state: 'Current', message: '3 of 3 pods ready' }
  ],
  [
    'selector: pods of an old ReplicaSet do not count while the Deployment rolls',
    { scenario: 'deployment-progressing-new-rs', selector: 'app=web' },
    { verdict: undefined, state: 'InProgress', message: 'deployment/web: 1 of 3 replicas updated' }
  ],
  [
    'selector: terminating old pods after a restart do not count',
    { scenario: 'deployment-restart-old-pods-terminating', selector: 'app=web' },
    { verdict: undefined, state: 'InProgress', message: 'deployment/web: 1 of 3 replicas updated' }
  ],
  [
    "selector: a complete Deployment's pods are ready",
    { scenario: 'deployment-complete', selector: 'app=web' },
    { verdict: 'succeeded', state: 'Current', message: '3 of 3 pods ready' }
  ],
  [
    'selector: a pod that cannot pull its image fails the selector, naming the Deployment',
    { scenario: 'deployment-image-pull-backoff', selector: 'app=web' },
    { verdict: 'failed', state: 'Failed', message: /^deployment\/web: ImagePullBackOff: / }
  ],
  [
    'selector: a quota refusal fails the selector',
    { scenario: 'deployment-quota-exceeded', selector: 'app=web' },
    { verdict: 'failed', state: 'Failed', message: /^deployment\/web: ReplicaFailure: FailedCreate: / }
  ],
  [
    'selector: a Job retrying its pods is in progress',
    { scenario: 'job-retrying', selector: 'app=migrate' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: /^job\/migrate: 0 active, 0 succeeded, 1 failed; retrying \(backoffLimit 3\)$/
    }
  ],
  [
    "selector: a complete Job's pod is ready",
    { scenario: 'job-complete', selector: 'app=migrate' },
    { verdict: 'succeeded', state: 'Current', message: '1 of 1 pods ready' }
  ],
  [
    'selector: a bare pod counts by itself',
    { scenario: 'pod-ready', selector: 'app=web' },
    { verdict: 'succeeded', state: 'Current', message: '1 of 1 pods ready' }
  ],
  [
    'selector: a bare pod that failed fails the selector',
    { scenario: 'pod-failed', selector: 'app=report' },
    { verdict: 'failed', state: 'Failed', message: /^Error: exited with code 1/ }
  ],
  [
    'selector: a terminating pod is not counted: nothing matches yet',
    { scenario: 'pod-terminating', selector: 'app=web' },
    {
      verdict: undefined,
      state: 'InProgress',
      message: 'no pod of a current revision matches "app=web" yet',
      wakeIn: 10 * SECOND
    }
  ],
  [
    'selector: matching nothing once everything else is ready fails after its grace',
    { scenario: 'pod-ready', selector: 'app=nothing', lastedMs: 10 * SECOND },
    {
      verdict: 'failed',
      state: 'Failed',
      message: /^no pod matches selector "app=nothing" in namespace fx-/
    }
  ],
  [
    'selector: a blue-green Rollout paused before promotion is not done',
    { scenario: 'rollout-paused-bluegreen', selector: 'app=web' },
    { verdict: undefined, state: 'InProgress', message: /^rollout\/web: paused: BlueGreenPause/ }
  ],
  [
    "selector: a Healthy Rollout's pods are ready",
    { scenario: 'rollout-healthy', selector: 'app=web' },
    { verdict: 'succeeded', state: 'Current', message: '4 of 4 pods ready' }
  ],
  [
    'selector: an unschedulable pod the autoscaler refused fails',
    { scenario: 'events-autoscaler-not-triggered', selector: 'app=web' },
    { verdict: 'failed', state: 'Failed', message: /^deployment\/web: Unschedulable: / }
  ]
]

const storageAndServices: Row[] = [
  [
    'a PersistentVolumeClaim waiting for a volume is pending',
    { scenario: 'storage-and-services-pending', target: 'PersistentVolumeClaim' },
    { verdict: undefined, state: 'InProgress', message: 'pending' }
  ],
  [
    'a PersistentVolumeClaim the volume controller bound is ready',
    { scenario: 'storage-and-services-ready', target: 'PersistentVolumeClaim' },
    { verdict: 'succeeded', state: 'Current', message: 'bound' }
  ],
  [
    'a PersistentVolumeClaim whose volume is gone is lost',
    {
      scenario: 'storage-and-services-ready',
      target: 'PersistentVolumeClaim',
      edit: objects => {
        const claim = find(objects, 'PersistentVolumeClaim')
        claim.status = { ...claim.status, phase: 'Lost' }
      }
    },
    { verdict: 'failed', state: 'Failed', message: 'Lost: the bound volume no longer exists' }
  ],
  [
    'a ClusterIP Service is ready once stored',
    {
      scenario: 'storage-and-services-pending',
      target: { apiVersion: 'v1', kind: 'Service', name: 'web', namespace: 'fx-storage-service' }
    },
    { verdict: 'succeeded', state: 'Current', message: 'ClusterIP' }
  ],
  [
    'a LoadBalancer Service waits for its address',
    {
      scenario: 'storage-and-services-pending',
      target: { apiVersion: 'v1', kind: 'Service', name: 'web-lb', namespace: 'fx-storage-service' }
    },
    { verdict: undefined, state: 'InProgress', message: 'waiting for a load balancer address' }
  ],
  [
    'a LoadBalancer Service with an ingress address is ready',
    {
      scenario: 'storage-and-services-ready',
      target: { apiVersion: 'v1', kind: 'Service', name: 'web-lb', namespace: 'fx-storage-service' }
    },
    { verdict: 'succeeded', state: 'Current', message: 'load balancer at 203.0.113.10' }
  ]
]

const wholeWaits: Row[] = [
  [
    'an object the watches have not seen yet is in progress',
    {
      scenario: 'deployment-complete',
      target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'not-created-yet' }
    },
    { verdict: undefined, state: 'InProgress', message: 'not found (yet)' }
  ],
  [
    'a kind without a rollout (ResourceQuota) is ready once stored',
    { scenario: 'deployment-quota-exceeded', target: 'ResourceQuota' },
    { verdict: 'succeeded', state: 'Current', message: 'stored' }
  ],
  [
    'selector pods wait for what was applied: no pod yet while the Deployment is not ready',
    {
      scenario: 'deployment-unobserved',
      target: 'Deployment',
      selector: 'app=none-yet'
    },
    { verdict: undefined, state: 'InProgress', message: 'waiting for the controller to observe generation 2' }
  ]
]

/** Marks the one object of `kind` as deleted: a deletionTimestamp, and the finalizers holding it. */
const terminating =
  (kind: string, finalizers: string[]) =>
  (objects: KubeObject[]): void => {
    const object = find(objects, kind)
    object.metadata.deletionTimestamp = '2026-11-26T08:59:50Z'
    object.metadata.finalizers = finalizers
  }

/** Objects the run deleted or pruned: done once gone, whatever their kind; finalizers are the evidence. */
const deletions: Row[] = [
  [
    'a deleted object the server no longer has is gone',
    {
      scenario: 'deployment-complete',
      target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'already-deleted', namespace: 'fx' },
      deleted: {}
    },
    { verdict: 'succeeded', state: 'Current', message: 'gone' }
  ],
  [
    'a Deployment deleted in the foreground waits for its dependents, naming the finalizer',
    {
      scenario: 'deployment-complete',
      target: 'Deployment',
      deleted: {},
      edit: terminating('Deployment', ['foregroundDeletion'])
    },
    {
      verdict: undefined,
      state: 'InProgress',
      message: 'terminating: waiting for finalizers foregroundDeletion'
    }
  ],
  [
    'a custom resource held by its controller names every finalizer still there',
    {
      scenario: 'cr-ready-true',
      target: 'Widget',
      deleted: {},
      edit: terminating('Widget', ['cluster.x-k8s.io/cluster', 'example.com/cleanup'])
    },
    {
      verdict: undefined,
      state: 'InProgress',
      message: 'terminating: waiting for finalizers cluster.x-k8s.io/cluster, example.com/cleanup'
    }
  ],
  [
    'a kind without a rollout (ResourceQuota) is not done once stored when it is being deleted',
    {
      scenario: 'deployment-quota-exceeded',
      target: 'ResourceQuota',
      deleted: {},
      edit: terminating('ResourceQuota', [HOLD])
    },
    { verdict: undefined, state: 'InProgress', message: `terminating: waiting for finalizers ${HOLD}` }
  ],
  [
    'terminating with no finalizer left (a pod in its grace period) is still in progress',
    {
      scenario: 'deployment-complete',
      target: 'Deployment',
      deleted: {},
      edit: terminating('Deployment', [])
    },
    { verdict: undefined, state: 'InProgress', message: 'terminating' }
  ],
  [
    'a deleted object the watches still see unmarked is not deleted yet',
    { scenario: 'deployment-complete', target: 'Deployment', deleted: {} },
    { verdict: undefined, state: 'InProgress', message: 'not deleted yet' }
  ],
  [
    'an object of the same name created since the delete (another uid) is not the one deleted',
    { scenario: 'deployment-complete', target: 'Deployment', deleted: { uid: 'uid-of-the-deleted-one' } },
    { verdict: 'succeeded', state: 'Current', message: 'gone (an object of the same name was created since)' }
  ]
]

const table: Row[] = [
  ...deletions,
  ...deployments,
  ...statefulSets,
  ...daemonSets,
  ...jobs,
  ...pods,
  ...autoscaler,
  ...replicaSets,
  ...customResources,
  ...argoRollouts,
  ...argoRolloutGoals,
  ...storageAndServices,
  ...selectors,
  ...wholeWaits
]

describe('judge', () => {
  it('has a row for every verdict it gives', () => {
    expect(table.length).toBeGreaterThanOrEqual(80)
    expect(new Set(table.map(([name]) => name)).size).toBe(table.length)
  })

  it.each(table)('%s', (_name, testCase, expected) => {
    const judgement = judgeCase(testCase)
    const outcome = testCase.target ? judgement.objects[0] : judgement.selector
    if (!outcome) throw new Error('the case judges nothing')
    expect(judgement.verdict).toBe(expected.verdict)
    expect(outcome.state).toBe(expected.state)
    if (typeof expected.message === 'string') expect(outcome.message).toBe(expected.message)
    else expect(outcome.message).toMatch(expected.message)
    if ('replicas' in expected && 'replicas' in outcome) expect(outcome.replicas).toBe(expected.replicas)
    if (expected.pods) {
      expect(outcome.pods.map(pod => `${pod.reason}${pod.terminal ? '!' : ''}`)).toEqual(expected.pods)
    }
    if (expected.wakeIn !== undefined) expect(judgement.wakeAt).toBe(NOW + expected.wakeIn)
  })
})

describe('judge, across rows', () => {
  it('the Ready column and the message of one object never disagree', () => {
    for (const [name, testCase] of deployments) {
      const outcome = judgeCase(testCase).objects[0]
      const available = /^(\d+) of (\d+) replicas available$/.exec(outcome.message)
      if (available) expect([name, outcome.replicas]).toEqual([name, `${available[1]}/${available[2]}`])
    }
  })

  it('decides the whole wait: one failure fails it, one object in progress keeps it open', () => {
    const failing = judgeCase({ scenario: 'deployment-quota-exceeded', target: 'Deployment' })
    expect(failing.verdict).toBe('failed')
    const mixed = judgeCase({
      scenario: 'deployment-quota-exceeded',
      target: 'ResourceQuota',
      edit: objects => {
        for (const pod of objectsOf(objects, 'Pod'))
          pod.metadata.labels = { ...pod.metadata.labels, probe: 'x' }
      },
      selector: 'probe=x'
    })
    expect(mixed.objects[0].state).toBe('Current')
    expect(mixed.selector?.state).toBe('Failed')
    expect(mixed.verdict).toBe('failed')
  })

  it('lists the images of the current revision only', () => {
    const outcome = judgeCase({ scenario: 'deployment-progressing-new-rs', target: 'Deployment' }).objects[0]
    expect(outcome.images).toEqual({ web: expect.stringMatching(/^fx\/web:1\.1\.0/) as unknown })
  })

  it('names each object that is not ready in one line, failures first, with the pod problem that holds it, the selector with its expression', () => {
    const judgement = judgeCase({
      scenario: 'deployment-quota-exceeded',
      target: 'Deployment',
      selector: 'app=web'
    })
    const waiting = judgeCase({ scenario: 'deployment-never-ready', target: 'Deployment' })
    expect(
      problemsOf(
        { objects: [...waiting.objects, ...judgement.objects], selector: judgement.selector },
        'app=web'
      )
    ).toEqual([
      expect.stringMatching(/^deployment\/web: ReplicaFailure: FailedCreate: /) as unknown,
      expect.stringMatching(/^pods matching "app=web": deployment\/web: ReplicaFailure: /) as unknown,
      expect.stringMatching(
        /^deployment\/web: 0 of 3 replicas available \(pod web-\w+-\w+: ContainersNotReady: containers with unready status: \[web\]\)$/
      ) as unknown
    ])
  })

  it('forgets a grace once the problem is gone, so it starts again if the problem comes back', () => {
    const judgement = judgeCase({
      scenario: 'deployment-complete',
      target: 'Deployment',
      lastedMs: 6 * SECOND
    })
    expect(judgement.memory.firstSeen).toEqual({})
  })
})
