import { groupKind, type KubeObject } from '../kube-object.js'

/** The pods and ReplicaSets of one namespace, as the watches last saw them. */
export interface NamespacePods {
  pods: KubeObject[]
  replicaSets: KubeObject[]
  /** Live (not terminating) pods by the uid of each owner: a rollout of 100 workloads asks it often. */
  podsByOwner: Map<string, KubeObject[]>
}

export function namespacePods(pods: KubeObject[], replicaSets: KubeObject[]): NamespacePods {
  const podsByOwner = new Map<string, KubeObject[]>()
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue
    for (const owner of pod.metadata.ownerReferences ?? []) {
      const owned = podsByOwner.get(owner.uid)
      if (owned) owned.push(pod)
      else podsByOwner.set(owner.uid, [pod])
    }
  }
  return { pods, replicaSets, podsByOwner }
}

const REVISION = 'deployment.kubernetes.io/revision'

function isOwnedBy(object: KubeObject, owner: KubeObject): boolean {
  return (object.metadata.ownerReferences ?? []).some(reference => reference.uid === owner.metadata.uid)
}

/** The ReplicaSet that holds a Deployment's current pod template (same revision annotation). */
export function newReplicaSetOf(deployment: KubeObject, replicaSets: KubeObject[]): KubeObject | undefined {
  const revision = deployment.metadata.annotations?.[REVISION]
  return replicaSets.find(
    rs =>
      isOwnedBy(rs, deployment) && revision !== undefined && rs.metadata.annotations?.[REVISION] === revision
  )
}

/**
 * The pods that belong to the workload's newest revision: the ones whose failure means this rollout
 * failed. Pods of older revisions are on their way out and say nothing about the change.
 */
export function currentPodsOf(workload: KubeObject, seen: NamespacePods): KubeObject[] {
  const ownedBy = (owner: KubeObject | undefined): KubeObject[] =>
    (owner?.metadata.uid && seen.podsByOwner.get(owner.metadata.uid)) || []
  switch (groupKind(workload)) {
    case 'Deployment.apps':
      return ownedBy(newReplicaSetOf(workload, seen.replicaSets))
    case 'StatefulSet.apps': {
      const revision = workload.status?.updateRevision as string | undefined
      return ownedBy(workload).filter(
        pod => !revision || pod.metadata.labels?.['controller-revision-hash'] === revision
      )
    }
    case 'DaemonSet.apps': {
      const generation = String(workload.metadata.generation ?? '')
      return ownedBy(workload).filter(pod => pod.metadata.labels?.['pod-template-generation'] === generation)
    }
    case 'ReplicaSet.apps':
    case 'Job.batch':
      return ownedBy(workload)
    case 'Pod':
      return [workload]
    default:
      return []
  }
}

/** What the `selector` input finds: the pods of current revisions, and the Deployments rolling them out. */
export interface SelectedPods {
  pods: KubeObject[]
  deployments: KubeObject[]
  /** Pod name → the Deployment it belongs to, for pods that have one. */
  deploymentOf: Map<string, KubeObject>
}

/**
 * Sorts the pods a label selector matched: a pod of a Deployment counts only when its ReplicaSet is
 * the Deployment's current one, and that Deployment is returned so its rollout can be checked too
 * (right after a restart the old pods are still Ready, and proving nothing). Pods of other owners
 * count unless they are on their way out.
 */
export function selectedPods(
  matched: KubeObject[],
  seen: NamespacePods,
  deployments: KubeObject[]
): SelectedPods {
  const owners = new Map<string, KubeObject>()
  const deploymentOf = new Map<string, KubeObject>()
  const pods = matched.filter(pod => {
    if (pod.metadata.deletionTimestamp) return false
    const replicaSetUid = controllerOf(pod, 'ReplicaSet')
    const replicaSet = seen.replicaSets.find(rs => rs.metadata.uid === replicaSetUid)
    const deploymentUid = replicaSet && controllerOf(replicaSet, 'Deployment')
    const deployment = deployments.find(candidate => candidate.metadata.uid === deploymentUid)
    if (!deployment) return !isOldRevisionPod(pod, seen.replicaSets)
    owners.set(deployment.metadata.uid ?? '', deployment)
    deploymentOf.set(pod.metadata.name, deployment)
    return newReplicaSetOf(deployment, seen.replicaSets)?.metadata.uid === replicaSetUid
  })
  return { pods, deployments: [...owners.values()], deploymentOf }
}

function controllerOf(object: KubeObject, kind: string): string | undefined {
  return object.metadata.ownerReferences?.find(owner => owner.controller && owner.kind === kind)?.uid
}

/**
 * Whether a pod found by the `selector` input belongs to an old revision: its ReplicaSet has been
 * scaled to zero by its Deployment, so the pod is terminating and must not be waited on.
 */
export function isOldRevisionPod(pod: KubeObject, replicaSets: KubeObject[]): boolean {
  if (pod.metadata.deletionTimestamp) return true
  const owner = pod.metadata.ownerReferences?.find(
    reference => reference.controller && reference.kind === 'ReplicaSet'
  )
  if (!owner) return false
  const replicaSet = replicaSets.find(rs => rs.metadata.uid === owner.uid)
  return replicaSet !== undefined && (replicaSet.spec as { replicas?: number } | undefined)?.replicas === 0
}

/** The images a pod runs, per container; with the digest when the kubelet reported one. */
export function runningImages(pod: KubeObject): Record<string, string> {
  const images: Record<string, string> = {}
  const statuses = (pod.status?.containerStatuses ?? []) as {
    name: string
    image?: string
    imageID?: string
  }[]
  const containers = (pod.spec?.containers ?? []) as { name: string; image?: string }[]
  for (const container of containers) {
    const status = statuses.find(entry => entry.name === container.name)
    const image = status?.image ?? container.image ?? ''
    const digest = /@(sha256:[0-9a-f]{64})$/.exec(status?.imageID ?? '')?.[1]
    images[container.name] = digest && !image.includes('@') ? `${image}@${digest}` : image
  }
  return images
}
