import { admin, eventually, type TestCluster } from '../../../test/harness/test-cluster.js'
import type { KubeObject } from '../../../src/kube-object.js'

/**
 * Argo Rollouts without its controller: the CRD, and the test playing the controller by writing status
 * through the status subresource, as the controller would.
 *
 * Argo Rollouts (argoproj.io/v1alpha1 Rollout): status.observedGeneration is a string; status.phase is
 * Healthy, Progressing, Paused or Degraded with status.message (computed controller side since v1.0,
 * see GetRolloutPhase / CalculateRolloutPhase in utils/rollout/rolloututil.go). A canary paused at a
 * step has pauseConditions [{reason: CanaryPauseStep}] and still Available=True; an aborted one has
 * abort: true, phase Degraded and Progressing=False reason RolloutAborted.
 */
export const ROLLOUTS = 'rollouts.argoproj.io'

const ROLLOUT_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: rollouts.argoproj.io
spec:
  group: argoproj.io
  scope: Namespaced
  names:
    kind: Rollout
    listKind: RolloutList
    plural: rollouts
    singular: rollout
    shortNames: [ro]
  versions:
  - name: v1alpha1
    served: true
    storage: true
    subresources:
      status: {}
      scale:
        specReplicasPath: .spec.replicas
        statusReplicasPath: .status.HPAReplicas
        labelSelectorPath: .status.selector
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`

/** Cluster-scoped and shared by the test files: applied (idempotent), never deleted. */
export function installRolloutCrd(cluster: TestCluster): void {
  admin(cluster, ['apply', '-f', '-'], ROLLOUT_CRD)
  admin(cluster, ['wait', '--for=condition=Established', 'crd/rollouts.argoproj.io', '--timeout=30s'])
}

/** A canary Rollout of 3 replicas, 20% → pause → 60% → pause 30s. */
export function rolloutYaml(name: string, version: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: ${name}
spec:
  replicas: 3
  revisionHistoryLimit: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: ghcr.io/kube-deploy/example-web:${version}
  strategy:
    canary:
      steps:
      - setWeight: 20
      - pause: {}
      - setWeight: 60
      - pause: {duration: 30s}
`
}

export const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z')

export const condition = (type: string, status: string, reason: string, message: string) => ({
  type,
  status,
  reason,
  message,
  lastUpdateTime: now(),
  lastTransitionTime: now()
})

/** Pod template hashes the controller would compute, one per revision. */
export const podHash = (revision: number): string => ['', '6d8c5f7b9', '7f9b6c4d8', '84c7d9f6b'][revision]

/** What the controller writes for a Rollout whose revision `revision` is fully promoted. */
export function healthyStatus(name: string, generation: number, revision: number): Record<string, unknown> {
  const hash = podHash(revision)
  return {
    observedGeneration: String(generation),
    phase: 'Healthy',
    message: '',
    currentPodHash: hash,
    stableRS: hash,
    currentStepIndex: 4,
    currentStepHash: '5b4c8d7f9',
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    HPAReplicas: 3,
    selector: `app=${name}`,
    canary: {},
    conditions: [
      condition('Available', 'True', 'AvailableReason', 'Rollout has minimum availability'),
      condition(
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${name}-${hash}" has successfully progressed.`
      ),
      condition('Healthy', 'True', 'RolloutHealthy', 'Rollout is healthy'),
      condition(
        'Completed',
        'True',
        'RolloutCompleted',
        `Rollout completed update to revision ${revision} (${hash}): Initial deploy`
      )
    ]
  }
}

/** Revision `revision` is being rolled out as a canary over the stable revision before it. */
export function canaryStatus(name: string, generation: number, revision: number): Record<string, unknown> {
  const stable = podHash(revision - 1)
  const hash = podHash(revision)
  return {
    ...healthyStatus(name, generation, revision - 1),
    phase: 'Progressing',
    message: 'more replicas need to be updated',
    currentPodHash: hash,
    stableRS: stable,
    currentStepIndex: 0,
    replicas: 4,
    updatedReplicas: 1,
    readyReplicas: 3,
    availableReplicas: 3,
    conditions: [
      condition('Available', 'True', 'AvailableReason', 'Rollout has minimum availability'),
      condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${name}-${hash}" is progressing.`),
      condition('Healthy', 'False', 'RolloutHealthy', 'Rollout is not healthy'),
      condition(
        'Completed',
        'False',
        'RolloutNotCompleted',
        `Rollout not completed, started update to revision ${revision} (${hash})`
      )
    ]
  }
}

/** The canary of `revision` paused at its indefinite pause step (step 1), the way the controller leaves it. */
export function pausedCanaryStatus(
  name: string,
  generation: number,
  revision: number
): Record<string, unknown> {
  return {
    ...canaryStatus(name, generation, revision),
    phase: 'Paused',
    message: 'CanaryPauseStep',
    controllerPause: true,
    pauseConditions: [{ reason: 'CanaryPauseStep', startTime: now() }],
    currentStepIndex: 1,
    readyReplicas: 4,
    availableReplicas: 4,
    conditions: [
      condition('Available', 'True', 'AvailableReason', 'Rollout has minimum availability'),
      condition('Progressing', 'Unknown', 'RolloutPaused', 'Rollout is paused'),
      condition('Paused', 'True', 'RolloutPaused', 'Rollout is paused'),
      condition('Healthy', 'False', 'RolloutHealthy', 'Rollout is not healthy'),
      condition(
        'Completed',
        'False',
        'RolloutNotCompleted',
        `Rollout not completed, started update to revision ${revision} (${podHash(revision)})`
      )
    ]
  }
}

/** The controller's part, played in one namespace: status written as it writes it, objects read back. */
export class PlayedController {
  private readonly written = new Map<string, Record<string, unknown>>()

  constructor(
    private readonly cluster: TestCluster,
    readonly namespace: string
  ) {}

  /**
   * Writes the whole status through the status subresource with a merge patch, as the controller
   * would; fields of the previous write that are not in this one (or are undefined) are removed (null).
   */
  writeStatus(resource: string, name: string, status: Record<string, unknown>): void {
    const key = `${resource}/${name}`
    const patch: Record<string, unknown> = { ...status }
    for (const field of Object.keys(this.written.get(key) ?? {})) patch[field] ??= null
    this.written.set(key, status)
    admin(this.cluster, [
      'patch',
      resource,
      name,
      '-n',
      this.namespace,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status: patch })
    ])
  }

  /** The object as the API serves it now; undefined when it does not exist (or its type is not served). */
  read(resource: string, name: string): KubeObject | undefined {
    try {
      const found = admin(this.cluster, [
        'get',
        resource,
        name,
        '-n',
        this.namespace,
        '--ignore-not-found',
        '-o',
        'json'
      ])
      return found.trim() ? (JSON.parse(found) as KubeObject) : undefined
    } catch {
      return undefined // the type is not served yet
    }
  }

  /** The object once the API has it at `generation` (or any generation when not given). */
  objectAt(resource: string, name: string, generation?: number): Promise<KubeObject> {
    return eventually(`${resource}/${name}${generation ? ` at generation ${generation}` : ''}`, () => {
      const object = this.read(resource, name)
      return object && (generation === undefined || object.metadata.generation === generation)
        ? object
        : undefined
    })
  }

  /**
   * The ReplicaSet the controller keeps for one revision of a Rollout (`<name>-<hash>`, owned by it,
   * labelled with the hash), at `replicas`, and once its pods are available. The cluster's own
   * ReplicaSet controller makes the pods.
   */
  async replicaSet(rollout: KubeObject, revision: number, version: string, replicas: number): Promise<void> {
    const { name, uid } = rollout.metadata
    const hash = podHash(revision)
    const labels = `{app: ${name}, rollouts-pod-template-hash: ${hash}}`
    admin(
      this.cluster,
      ['apply', '-n', this.namespace, '-f', '-'],
      `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${name}-${hash}
  labels: ${labels}
  ownerReferences:
  - {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: ${name}, uid: ${uid ?? ''}, controller: true, blockOwnerDeletion: true}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: ${labels}
  template:
    metadata:
      labels: ${labels}
    spec:
      containers:
      - name: web
        image: ghcr.io/kube-deploy/example-web:${version}
`
    )
    await eventually(`replicaset/${name}-${hash} at ${replicas} available`, () => {
      const replicaSet = this.read('replicasets.apps', `${name}-${hash}`)
      const status = replicaSet?.status as
        { availableReplicas?: number; observedGeneration?: number } | undefined
      const observed = status?.observedGeneration === replicaSet?.metadata.generation
      return observed && (status?.availableReplicas ?? 0) === replicas ? true : undefined
    })
  }
}
