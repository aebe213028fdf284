import type { TestCluster } from '../harness/test-cluster.js'
import { kubectl, type Kube, type KubeObject, type ResourceType, type View } from './kube.js'
import { deployment, IMAGE_V2, pod, podTemplate, rolloutCrd, WIDGET_GROUP, widgetCrd } from './manifests.js'
import { conditionIs, hasEvent, phase, ready } from './predicates.js'
import type { Group } from './scenarios-workloads.js'

const MINUTE = 60_000

const WIDGET: ResourceType = { apiVersion: `${WIDGET_GROUP}/v1`, kind: 'Widget', plural: 'widgets' }
const ROLLOUT: ResourceType = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', plural: 'rollouts' }

/** Seconds-precision RFC 3339, as the API server and controllers write times. */
function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z')
}

/** CRDs this run created (an existing Rollout CRD, maybe someone else's, is left alone). */
const createdCrds = new Set<string>()
const crdReady = new Map<string, Promise<KubeObject>>()

async function ensureCrd(
  kube: Kube,
  cluster: TestCluster,
  crd: Record<string, unknown>
): Promise<KubeObject> {
  const name = (crd.metadata as { name: string }).name
  let ready = crdReady.get(name)
  if (!ready) {
    ready = (async () => {
      const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`
      const existing = await kube.request<KubeObject>('GET', path).catch(() => undefined)
      if (!existing) {
        await kubectl(cluster, ['apply', '-f', '-'], JSON.stringify(crd))
        createdCrds.add(name)
      }
      for (let i = 0; i < 200; i++) {
        const current = await kube.request<KubeObject>('GET', path)
        if (conditionIs(current, 'Established', 'True')) return current
        await new Promise(resolve => setTimeout(resolve, 100))
      }
      throw new Error(`CRD ${name} not established`)
    })()
    crdReady.set(name, ready)
  }
  return ready
}

export async function cleanupCustom(cluster: TestCluster): Promise<void> {
  for (const name of createdCrds) {
    await kubectl(cluster, [
      'delete',
      'customresourcedefinition',
      name,
      '--wait=false',
      '--ignore-not-found'
    ]).catch(() => undefined)
  }
}

/** An Event as client-go's recorder writes it for a component (controllers, autoscaler, kubelet). */
function recordedEvent(
  namespace: string,
  object: KubeObject,
  fields: {
    type: 'Normal' | 'Warning'
    reason: string
    message: string
    component: string
    host?: string
    count?: number
  }
): KubeObject {
  const time = now()
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${object.metadata.name}.${(BigInt(Date.now()) * 1_000_000n).toString(16)}`,
      namespace
    },
    involvedObject: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name,
      namespace,
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion
    },
    reason: fields.reason,
    message: fields.message,
    type: fields.type,
    source: fields.host
      ? { component: fields.component, host: fields.host }
      : { component: fields.component },
    firstTimestamp: time,
    lastTimestamp: time,
    count: fields.count ?? 1,
    eventTime: null,
    reportingComponent: fields.component,
    reportingInstance: fields.host ?? ''
  }
}

// ---------------------------------------------------------------------------------------------
// Custom resources written by a (simulated) controller through the status subresource

interface WidgetCase {
  fixture: string
  description: string
  /** Status the controller writes; `gen` is the generation it has observed. */
  status: (gen: number) => Record<string, unknown>
  /** Change the spec after the status was written (generation moves ahead of the status). */
  bumpSpecAfterStatus?: boolean
  size?: string
  event?: { type: 'Normal' | 'Warning'; reason: string; message: string }
}

function cond(
  type: string,
  status: string,
  reason: string,
  message: string,
  observedGeneration: number
): Record<string, unknown> {
  return { type, status, reason, message, observedGeneration, lastTransitionTime: now() }
}

const widgetCases: WidgetCase[] = [
  {
    fixture: 'cr-no-status',
    description:
      'A custom resource (CRD with a status subresource) right after creation: generation 1, no status ' +
      'at all (no controller has written one yet).',
    status: () => ({})
  },
  {
    fixture: 'cr-ready-true',
    description:
      'A custom resource whose controller wrote through the status subresource: observedGeneration 1 == ' +
      'generation, Ready=True (metav1.Condition with observedGeneration).',
    status: gen => ({
      observedGeneration: gen,
      conditions: [cond('Ready', 'True', 'Succeeded', 'Widget is ready: 2/2 replicas available', gen)]
    })
  },
  {
    fixture: 'cr-ready-false-retrying',
    description:
      'A custom resource whose reconciliation failed and will be retried: observedGeneration current, ' +
      'Ready=False reason ReconciliationFailed with a message saying it retries; a Warning event from ' +
      'the controller.',
    status: gen => ({
      observedGeneration: gen,
      conditions: [
        cond(
          'Ready',
          'False',
          'ReconciliationFailed',
          'failed to provision backend: dial tcp 10.96.0.42:5432: connect: connection refused; retrying in 30s',
          gen
        )
      ]
    }),
    event: {
      type: 'Warning',
      reason: 'ReconciliationFailed',
      message:
        'failed to provision backend: dial tcp 10.96.0.42:5432: connect: connection refused; retrying in 30s'
    }
  },
  {
    fixture: 'cr-reconciling',
    description:
      'A custom resource being reconciled (kstatus convention): Reconciling=True reason Progressing, ' +
      'Ready=Unknown reason Progressing, observedGeneration current.',
    status: gen => ({
      observedGeneration: gen,
      conditions: [
        cond('Reconciling', 'True', 'Progressing', 'Reconciliation in progress: 1/2 replicas available', gen),
        cond('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress', gen)
      ]
    })
  },
  {
    fixture: 'cr-stalled',
    description:
      'A custom resource its controller gave up on (kstatus convention): Stalled=True reason ' +
      'InvalidConfiguration, Ready=False, observedGeneration current; a Warning event.',
    status: gen => ({
      observedGeneration: gen,
      conditions: [
        cond('Stalled', 'True', 'InvalidConfiguration', 'spec.size: unsupported value "huge"', gen),
        cond('Ready', 'False', 'InvalidConfiguration', 'spec.size: unsupported value "huge"', gen)
      ]
    }),
    event: {
      type: 'Warning',
      reason: 'InvalidConfiguration',
      message: 'spec.size: unsupported value "huge"'
    },
    size: 'huge'
  },
  {
    fixture: 'cr-observed-generation-behind',
    description:
      'A custom resource whose spec changed after its controller last wrote status: generation 2, ' +
      'status.observedGeneration 1 (a number) with a stale Ready=True.',
    status: gen => ({
      observedGeneration: gen,
      conditions: [cond('Ready', 'True', 'Succeeded', 'Widget is ready: 2/2 replicas available', gen)]
    }),
    bumpSpecAfterStatus: true
  },
  {
    fixture: 'cr-observed-generation-string',
    description:
      'A custom resource whose controller writes observedGeneration as a string (as Argo Rollouts does): ' +
      'status.observedGeneration "1" equal to generation 1, Ready=True.',
    status: gen => ({
      observedGeneration: String(gen),
      conditions: [cond('Ready', 'True', 'Succeeded', 'Widget is ready: 2/2 replicas available', gen)]
    })
  }
]

function widgetGroup(c: WidgetCase): Group {
  return {
    id: c.fixture,
    fixtures: [c.fixture],
    async run(ctx) {
      const crd = await ensureCrd(ctx.kube, ctx.cluster, widgetCrd)
      const cache = await ctx.watch([WIDGET], [crd])
      const widget = (replicas: number): Record<string, unknown> => ({
        apiVersion: WIDGET.apiVersion,
        kind: 'Widget',
        metadata: { name: 'shop', labels: { app: 'shop' } },
        spec: { size: c.size ?? 'small', replicas }
      })
      await ctx.apply(widget(2))
      const created = await cache.until('widget', v => v.get('Widget', 'shop') !== undefined, MINUTE)
      const object = created.find(o => o.kind === 'Widget')!
      const status = c.status(object.metadata.generation ?? 1)
      if (Object.keys(status).length) await ctx.patchStatus('widget/shop', status)
      if (c.event) {
        await ctx.createEvent(
          recordedEvent(ctx.namespace, object, { ...c.event, component: 'widget-controller' })
        )
      }
      if (c.bumpSpecAfterStatus) await ctx.apply(widget(3))
      await ctx.save(
        c.fixture,
        c.description,
        await cache.until(
          'status written',
          v => {
            const w = v.get('Widget', 'shop')
            if (!w) return false
            if (c.bumpSpecAfterStatus && w.metadata.generation !== 2) return false
            if (c.event && !hasEvent(v, c.event.reason)) return false
            return Object.keys(status).length === 0 || w.status !== undefined
          },
          MINUTE,
          500
        )
      )
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Argo Rollouts: Rollout objects with the status the Argo controller writes, and the ReplicaSets it
// would own (the ReplicaSet controller and kwok then run real pods for them).

const STABLE_HASH = '6d4f9c7b8d'
const CANARY_HASH = '7c9b5f6d4f'
const STEP_HASH = '5f8c6d9b7'
const CANARY_STEPS = [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: '30s' } }]

interface RolloutCase {
  fixture: string
  description: string
  strategy: 'canary' | 'blueGreen'
  /** Whether the Rollout's template was updated to revision 2 (generation 2). */
  updated: boolean
  specPaused?: boolean
  /** Canary pods never become Ready (progressing, degraded). */
  canaryNeverReady?: boolean
  stableReplicas: number
  canaryReplicas: number
  status: (r: { generation: number; stableRs: string; canaryRs: string }) => Record<string, unknown>
}

interface RolloutCondition {
  type: string
  status: string
  reason: string
  message: string
  lastTransitionTime: string
  lastUpdateTime: string
}

function rcond(type: string, status: string, reason: string, message: string): RolloutCondition {
  const time = now()
  return { type, status, reason, message, lastTransitionTime: time, lastUpdateTime: time }
}

const available = (): RolloutCondition =>
  rcond('Available', 'True', 'AvailableReason', 'Rollout has minimum availability')
const completed = (yes: boolean): RolloutCondition =>
  rcond('Completed', yes ? 'True' : 'False', 'RolloutCompleted', 'RolloutCompleted')
const healthy = (yes: boolean): RolloutCondition =>
  rcond(
    'Healthy',
    yes ? 'True' : 'False',
    'RolloutHealthy',
    yes ? 'Rollout is healthy' : 'Rollout is not healthy'
  )
const pausedConds = (): RolloutCondition[] => [
  rcond('Progressing', 'Unknown', 'RolloutPaused', 'Rollout is paused'),
  rcond('Paused', 'True', 'RolloutPaused', 'Rollout is paused')
]

const rolloutCases: RolloutCase[] = [
  {
    fixture: 'rollout-healthy',
    description:
      'An Argo Rollout (canary, 4 replicas) after its first rollout, with the status the Argo ' +
      'controller writes: phase Healthy, observedGeneration "1" (a string), Available/Completed/' +
      'Progressing(NewReplicaSetAvailable)/Healthy True, stableRS == currentPodHash, currentStepIndex 4 ' +
      '(all steps). Its ReplicaSet (owned by the Rollout) and Ready pods are real.',
    strategy: 'canary',
    updated: false,
    stableReplicas: 4,
    canaryReplicas: 0,
    status: ({ generation, stableRs }) => ({
      HPAReplicas: 4,
      availableReplicas: 4,
      blueGreen: {},
      canary: {},
      conditions: [
        available(),
        completed(true),
        rcond(
          'Progressing',
          'True',
          'NewReplicaSetAvailable',
          `ReplicaSet "${stableRs}" has successfully progressed.`
        ),
        healthy(true)
      ],
      currentPodHash: STABLE_HASH,
      currentStepHash: STEP_HASH,
      currentStepIndex: 4,
      observedGeneration: String(generation),
      phase: 'Healthy',
      readyReplicas: 4,
      replicas: 4,
      selector: 'app=web',
      stableRS: STABLE_HASH,
      updatedReplicas: 4
    })
  },
  {
    fixture: 'rollout-paused-canary',
    description:
      'An Argo Rollout (canary) updated to revision 2 and paused at its indefinite pause step: phase ' +
      'Paused, message CanaryPauseStep, pauseConditions [CanaryPauseStep], controllerPause true, ' +
      'currentStepIndex 1, Available=True, Progressing=Unknown RolloutPaused, Paused=True; stable ' +
      'ReplicaSet 3 pods + canary ReplicaSet 1 pod, all Ready.',
    strategy: 'canary',
    updated: true,
    stableReplicas: 3,
    canaryReplicas: 1,
    status: ({ generation }) => ({
      HPAReplicas: 4,
      availableReplicas: 4,
      blueGreen: {},
      canary: {},
      conditions: [available(), completed(false), healthy(false), ...pausedConds()],
      controllerPause: true,
      currentPodHash: CANARY_HASH,
      currentStepHash: STEP_HASH,
      currentStepIndex: 1,
      message: 'CanaryPauseStep',
      observedGeneration: String(generation),
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: now() }],
      phase: 'Paused',
      readyReplicas: 4,
      replicas: 4,
      selector: 'app=web',
      stableRS: STABLE_HASH,
      updatedReplicas: 1
    })
  },
  {
    fixture: 'rollout-paused-bluegreen',
    description:
      'An Argo Rollout (blueGreen, autoPromotionEnabled false) updated to revision 2: the preview ' +
      'ReplicaSet is up and the controller paused before promotion: phase Paused, message ' +
      'BlueGreenPause, pauseConditions [BlueGreenPause], controllerPause true, activeSelector = stable ' +
      'hash, previewSelector = new hash.',
    strategy: 'blueGreen',
    updated: true,
    stableReplicas: 3,
    canaryReplicas: 3,
    status: ({ generation }) => ({
      HPAReplicas: 3,
      availableReplicas: 3,
      blueGreen: { activeSelector: STABLE_HASH, previewSelector: CANARY_HASH },
      canary: {},
      conditions: [available(), completed(false), healthy(false), ...pausedConds()],
      controllerPause: true,
      currentPodHash: CANARY_HASH,
      message: 'BlueGreenPause',
      observedGeneration: String(generation),
      pauseConditions: [{ reason: 'BlueGreenPause', startTime: now() }],
      phase: 'Paused',
      readyReplicas: 3,
      replicas: 6,
      selector: `app=web,rollouts-pod-template-hash=${STABLE_HASH}`,
      stableRS: STABLE_HASH,
      updatedReplicas: 3
    })
  },
  {
    fixture: 'rollout-progressing',
    description:
      'An Argo Rollout (canary) just updated to revision 2, at its first setWeight step: phase ' +
      'Progressing, message "more replicas need to be updated", Progressing=True ReplicaSetUpdated, ' +
      'currentStepIndex 0, canary pod not Ready yet.',
    strategy: 'canary',
    updated: true,
    canaryNeverReady: true,
    stableReplicas: 4,
    canaryReplicas: 1,
    status: ({ generation, canaryRs }) => ({
      HPAReplicas: 5,
      availableReplicas: 4,
      blueGreen: {},
      canary: {},
      conditions: [
        available(),
        completed(false),
        healthy(false),
        rcond('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${canaryRs}" is progressing.`)
      ],
      currentPodHash: CANARY_HASH,
      currentStepHash: STEP_HASH,
      currentStepIndex: 0,
      message: 'more replicas need to be updated',
      observedGeneration: String(generation),
      phase: 'Progressing',
      readyReplicas: 4,
      replicas: 5,
      selector: 'app=web',
      stableRS: STABLE_HASH,
      updatedReplicas: 1
    })
  },
  {
    fixture: 'rollout-degraded',
    description:
      'An Argo Rollout (canary, progressDeadlineSeconds 30) whose canary pod never became Ready: phase ' +
      'Degraded, message "ProgressDeadlineExceeded: ReplicaSet ... has timed out progressing.", ' +
      'Progressing=False reason ProgressDeadlineExceeded; the stable pods still serve (Available=True).',
    strategy: 'canary',
    updated: true,
    canaryNeverReady: true,
    stableReplicas: 4,
    canaryReplicas: 1,
    status: ({ generation, canaryRs }) => {
      const message = `ReplicaSet "${canaryRs}" has timed out progressing.`
      return {
        HPAReplicas: 5,
        availableReplicas: 4,
        blueGreen: {},
        canary: {},
        conditions: [
          available(),
          completed(false),
          healthy(false),
          rcond('Progressing', 'False', 'ProgressDeadlineExceeded', message)
        ],
        currentPodHash: CANARY_HASH,
        currentStepHash: STEP_HASH,
        currentStepIndex: 0,
        message: `ProgressDeadlineExceeded: ${message}`,
        observedGeneration: String(generation),
        phase: 'Degraded',
        readyReplicas: 4,
        replicas: 5,
        selector: 'app=web',
        stableRS: STABLE_HASH,
        updatedReplicas: 1
      }
    }
  },
  {
    fixture: 'rollout-aborted',
    description:
      'An Argo Rollout (canary) whose update to revision 2 was aborted: status.abort true, abortedAt, ' +
      'phase Degraded, message "RolloutAborted: Rollout aborted update to revision 2", Progressing=False ' +
      'reason RolloutAborted, currentStepIndex 0, the canary ReplicaSet scaled to 0 and the stable one ' +
      'back at 4 Ready pods.',
    strategy: 'canary',
    updated: true,
    stableReplicas: 4,
    canaryReplicas: 0,
    status: ({ generation }) => ({
      HPAReplicas: 4,
      abort: true,
      abortedAt: now(),
      availableReplicas: 4,
      blueGreen: {},
      canary: {},
      conditions: [
        available(),
        completed(false),
        healthy(false),
        rcond('Progressing', 'False', 'RolloutAborted', 'Rollout aborted update to revision 2')
      ],
      currentPodHash: CANARY_HASH,
      currentStepHash: STEP_HASH,
      currentStepIndex: 0,
      message: 'RolloutAborted: Rollout aborted update to revision 2',
      observedGeneration: String(generation),
      phase: 'Degraded',
      readyReplicas: 4,
      replicas: 4,
      selector: 'app=web',
      stableRS: STABLE_HASH,
      updatedReplicas: 0
    })
  },
  {
    fixture: 'rollout-spec-paused',
    description:
      'A healthy Argo Rollout (canary) paused by the user with spec.paused: true (generation 2): phase ' +
      'Paused, message "manually paused", Paused=True, Progressing=Unknown RolloutPaused, Healthy=False, ' +
      'no pauseConditions; stableRS == currentPodHash.',
    strategy: 'canary',
    updated: false,
    specPaused: true,
    stableReplicas: 4,
    canaryReplicas: 0,
    status: ({ generation }) => ({
      HPAReplicas: 4,
      availableReplicas: 4,
      blueGreen: {},
      canary: {},
      conditions: [available(), completed(true), healthy(false), ...pausedConds()],
      currentPodHash: STABLE_HASH,
      currentStepHash: STEP_HASH,
      currentStepIndex: 4,
      message: 'manually paused',
      observedGeneration: String(generation),
      phase: 'Paused',
      readyReplicas: 4,
      replicas: 4,
      selector: 'app=web',
      stableRS: STABLE_HASH,
      updatedReplicas: 4
    })
  }
]

function rolloutManifest(c: RolloutCase, revision2: boolean): Record<string, unknown> {
  const strategy =
    c.strategy === 'canary'
      ? { canary: { steps: CANARY_STEPS } }
      : {
          blueGreen: {
            activeService: 'web-active',
            previewService: 'web-preview',
            autoPromotionEnabled: false
          }
        }
  const spec: Record<string, unknown> = {
    replicas: c.strategy === 'canary' ? 4 : 3,
    revisionHistoryLimit: 3,
    selector: { matchLabels: { app: 'web' } },
    template: podTemplate({
      app: 'web',
      image: revision2 ? IMAGE_V2 : undefined,
      simulate: revision2 && c.canaryNeverReady ? 'never-ready' : undefined
    }),
    strategy
  }
  if (c.fixture === 'rollout-degraded') spec.progressDeadlineSeconds = 30
  if (c.specPaused) spec.paused = true
  return {
    apiVersion: ROLLOUT.apiVersion,
    kind: 'Rollout',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec
  }
}

function ownedReplicaSet(
  rollout: KubeObject,
  hash: string,
  replicas: number,
  revision: number,
  template: Record<string, unknown>
): Record<string, unknown> {
  const labels = { app: 'web', 'rollouts-pod-template-hash': hash }
  const t = structuredClone(template) as { metadata: { labels: Record<string, string> } }
  t.metadata.labels = { ...t.metadata.labels, 'rollouts-pod-template-hash': hash }
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `web-${hash}`,
      labels,
      annotations: {
        'rollout.argoproj.io/desired-replicas': String(rollout.spec?.replicas),
        'rollout.argoproj.io/revision': String(revision)
      },
      ownerReferences: [
        {
          apiVersion: ROLLOUT.apiVersion,
          kind: 'Rollout',
          name: rollout.metadata.name,
          uid: rollout.metadata.uid,
          controller: true,
          blockOwnerDeletion: true
        }
      ]
    },
    spec: { replicas, selector: { matchLabels: labels }, template: t }
  }
}

function rolloutGroup(c: RolloutCase): Group {
  return {
    id: c.fixture,
    fixtures: [c.fixture],
    async run(ctx) {
      const crd = await ensureCrd(ctx.kube, ctx.cluster, rolloutCrd)
      const cache = await ctx.watch([ROLLOUT], [crd])
      await ctx.apply(rolloutManifest({ ...c, specPaused: false }, false))
      if (c.updated || c.specPaused) await ctx.apply(rolloutManifest(c, c.updated))
      const revision = c.updated ? 2 : 1
      await ctx.kubectl('annotate', 'rollout/web', `rollout.argoproj.io/revision=${revision}`)
      const snap = await cache.until(
        'rollout',
        v =>
          v.get('Rollout', 'web')?.metadata.annotations?.['rollout.argoproj.io/revision'] ===
          String(revision),
        MINUTE
      )
      const rollout = snap.find(o => o.kind === 'Rollout')!
      const v1 = rolloutManifest({ ...c, canaryNeverReady: false }, false).spec as {
        template: Record<string, unknown>
      }
      const sets = [ownedReplicaSet(rollout, STABLE_HASH, c.stableReplicas, 1, v1.template)]
      if (c.updated)
        sets.push(ownedReplicaSet(rollout, CANARY_HASH, c.canaryReplicas, 2, rollout.spec?.template ?? {}))
      await ctx.apply(...sets)
      const podsSettled = (v: View): boolean => {
        const pods = v.pods()
        const stable = pods.filter(p => p.metadata.labels?.['rollouts-pod-template-hash'] === STABLE_HASH)
        const canary = pods.filter(p => p.metadata.labels?.['rollouts-pod-template-hash'] === CANARY_HASH)
        return (
          stable.length === c.stableReplicas &&
          stable.every(ready) &&
          canary.length === (c.updated ? c.canaryReplicas : 0) &&
          canary.every(p => (c.canaryNeverReady ? phase(p) === 'Running' : ready(p))) &&
          v.all('ReplicaSet').every(rs => rs.status?.observedGeneration === rs.metadata.generation)
        )
      }
      await cache.until('replica sets settled', podsSettled, MINUTE, 1000)
      const generation = rollout.metadata.generation ?? 1
      await ctx.patchStatus(
        'rollout/web',
        c.status({ generation, stableRs: `web-${STABLE_HASH}`, canaryRs: `web-${CANARY_HASH}` })
      )
      await ctx.save(
        c.fixture,
        c.description,
        await cache.until(
          'status written',
          v => v.get('Rollout', 'web')?.status?.phase !== undefined,
          MINUTE,
          500
        )
      )
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Events written by components kwok does not run (cluster-autoscaler) or only imitates (kubelet probes)

const autoscalerGroups: Group[] = [
  {
    id: 'events-autoscaler-triggered',
    fixtures: ['events-autoscaler-triggered-scale-up'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(deployment('web', 1, { nodeSelector: { 'kube-deploy.test/pool': 'gpu' } }))
      const snap = await c.until(
        'unschedulable',
        v =>
          v.pods().some(p => conditionIs(p, 'PodScheduled', 'False', 'Unschedulable')) &&
          hasEvent(v, 'FailedScheduling'),
        MINUTE
      )
      const p = snap.find(o => o.kind === 'Pod')!
      await ctx.createEvent(
        recordedEvent(ctx.namespace, p, {
          type: 'Normal',
          reason: 'TriggeredScaleUp',
          message: 'pod triggered scale-up: [{fx-gpu-pool 0->1 (max: 3)}]',
          component: 'cluster-autoscaler'
        })
      )
      await ctx.save(
        'events-autoscaler-triggered-scale-up',
        'A 1-replica Deployment whose pod is Unschedulable (nodeSelector for a node pool with no nodes yet), ' +
          'a FailedScheduling event from the scheduler and a Normal TriggeredScaleUp event on the pod from ' +
          'source component cluster-autoscaler ("pod triggered scale-up: [{fx-gpu-pool 0->1 (max: 3)}]"), ' +
          'written by the capture script acting as the autoscaler.',
        await c.until('event', v => hasEvent(v, 'TriggeredScaleUp'), MINUTE, 500)
      )
    }
  },
  {
    id: 'events-autoscaler-not-triggered',
    fixtures: ['events-autoscaler-not-triggered'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(deployment('web', 1, { nodeSelector: { 'kube-deploy.test/pool': 'gpu' } }))
      const snap = await c.until(
        'unschedulable',
        v =>
          v.pods().some(p => conditionIs(p, 'PodScheduled', 'False', 'Unschedulable')) &&
          hasEvent(v, 'FailedScheduling'),
        MINUTE
      )
      const p = snap.find(o => o.kind === 'Pod')!
      await ctx.createEvent(
        recordedEvent(ctx.namespace, p, {
          type: 'Normal',
          reason: 'NotTriggerScaleUp',
          message:
            "pod didn't trigger scale-up: 3 node(s) didn't match Pod's node affinity/selector, 1 max node group size reached",
          component: 'cluster-autoscaler'
        })
      )
      await ctx.save(
        'events-autoscaler-not-triggered',
        'A 1-replica Deployment whose pod is Unschedulable, a FailedScheduling event and a Normal ' +
          'NotTriggerScaleUp event from cluster-autoscaler ("pod didn\'t trigger scale-up: ..."), ' +
          'written by the capture script acting as the autoscaler.',
        await c.until('event', v => hasEvent(v, 'NotTriggerScaleUp'), MINUTE, 500)
      )
    }
  },
  {
    id: 'events-readiness-probe',
    fixtures: ['events-readiness-probe-failed'],
    async run(ctx) {
      const c = await ctx.watch()
      await ctx.apply(pod('web', { simulate: 'never-ready', readinessProbe: true }))
      const snap = await c.until(
        'running, not ready',
        v => v.pods().some(p => phase(p) === 'Running' && !ready(p)),
        MINUTE
      )
      const p = snap.find(o => o.kind === 'Pod')!
      const event = recordedEvent(ctx.namespace, p, {
        type: 'Warning',
        reason: 'Unhealthy',
        message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
        component: 'kubelet',
        host: p.spec?.nodeName
      })
      ;(event.involvedObject as Record<string, unknown>).fieldPath = 'spec.containers{web}'
      const created = await ctx.createEvent(event)
      // The kubelet probes every periodSeconds (5) and folds repeated failures into the same Event,
      // patching count and lastTimestamp, as client-go's event correlator does.
      for (let count = 2; count <= 3; count++) {
        await new Promise(resolve => setTimeout(resolve, 5000))
        await ctx.kube.request(
          'PATCH',
          `/api/v1/namespaces/${ctx.namespace}/events/${created.metadata.name}`,
          { count, lastTimestamp: now() },
          'application/merge-patch+json'
        )
      }
      await ctx.save(
        'events-readiness-probe-failed',
        'A bare pod Running but never Ready (readiness probe on /healthz) and a Warning Unhealthy event ' +
          '"Readiness probe failed: HTTP probe failed with statuscode: 503" from the kubelet (source ' +
          'host = the node, fieldPath spec.containers{web}, count 3 after three failed probes 5 s apart), ' +
          "written by the capture script since kwok runs no probes; kwok's own never-ready stage adds a " +
          'similar event (source kwok_controller, count 1).',
        await c.until(
          'event',
          v =>
            v
              .events()
              .some(e => (e.source as { component?: string })?.component === 'kubelet' && e.count === 3),
          MINUTE,
          500
        )
      )
    }
  }
]

export const customGroups: Group[] = [
  ...widgetCases.map(widgetGroup),
  ...rolloutCases.map(rolloutGroup),
  ...autoscalerGroups
]
