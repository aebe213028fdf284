import { groupKind, type KubeObject } from '../kube-object.js'
import type { NamespaceView } from './snapshot.js'

const DEPLOYMENT_REVISION = 'deployment.kubernetes.io/revision'
/** The label the StatefulSet and DaemonSet controllers put on every pod: the revision it was made from. */
const REVISION_HASH = 'controller-revision-hash'
/** Argo Rollouts labels each ReplicaSet with the hash that status.currentPodHash names. */
const ROLLOUT_HASH = 'rollouts-pod-template-hash'

/** The ReplicaSet that holds a Deployment's current pod template: the one with the Deployment's revision. */
export function newReplicaSetOf(deployment: KubeObject, cluster: NamespaceView): KubeObject | undefined {
  const revision = deployment.metadata.annotations?.[DEPLOYMENT_REVISION]
  if (revision === undefined) return undefined
  return cluster
    .ownedOf(deployment, 'ReplicaSet')
    .find(replicaSet => replicaSet.metadata.annotations?.[DEPLOYMENT_REVISION] === revision)
}

/**
 * The hash of a DaemonSet's current ControllerRevision (the one with the highest revision number), as
 * its pods carry it in `controller-revision-hash`. Undefined until the controller has written one.
 */
export function daemonSetRevisionHash(daemonSet: KubeObject, cluster: NamespaceView): string | undefined {
  let newest: KubeObject | undefined
  for (const revision of cluster.ownedOf(daemonSet, 'ControllerRevision')) {
    if (!newest || Number(revision.revision ?? 0) > Number(newest.revision ?? 0)) newest = revision
  }
  return newest?.metadata.labels?.[REVISION_HASH]
}

/**
 * The live pods of the workload's newest revision: the ones this rollout is about. Pods of older
 * revisions are on their way out and prove nothing; terminating pods are leaving whatever their revision.
 */
export function currentPodsOf(workload: KubeObject, cluster: NamespaceView): KubeObject[] {
  return revisionPods(workload, cluster).filter(pod => !pod.metadata.deletionTimestamp)
}

function revisionPods(workload: KubeObject, cluster: NamespaceView): KubeObject[] {
  switch (groupKind(workload)) {
    case 'Deployment.apps':
      return cluster.podsOwnedBy(newReplicaSetOf(workload, cluster))
    case 'StatefulSet.apps': {
      // updateRevision is the name of the ControllerRevision, and the very value of the pods' label.
      const revision = workload.status?.updateRevision as string | undefined
      const pods = cluster.podsOwnedBy(workload)
      return revision ? pods.filter(pod => pod.metadata.labels?.[REVISION_HASH] === revision) : pods
    }
    case 'DaemonSet.apps': {
      const hash = daemonSetRevisionHash(workload, cluster)
      const pods = cluster.podsOwnedBy(workload)
      if (hash) return pods.filter(pod => pod.metadata.labels?.[REVISION_HASH] === hash)
      const generation = String(workload.metadata.generation ?? '')
      return pods.filter(pod => pod.metadata.labels?.['pod-template-generation'] === generation)
    }
    case 'Rollout.argoproj.io': {
      const hash = workload.status?.currentPodHash as string | undefined
      const replicaSet = cluster
        .ownedOf(workload, 'ReplicaSet')
        .find(candidate => hash !== undefined && candidate.metadata.labels?.[ROLLOUT_HASH] === hash)
      return cluster.podsOwnedBy(replicaSet)
    }
    case 'ReplicaSet.apps':
    case 'ReplicationController':
    case 'Job.batch':
      return cluster.podsOwnedBy(workload)
    case 'Pod':
      return [workload]
    default:
      return []
  }
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

/** The images of the first pod that reports its containers (or of the first pod at all). */
export function imagesOf(pods: KubeObject[]): Record<string, string> | undefined {
  if (pods.length === 0) return undefined
  return runningImages(pods.find(pod => pod.status?.containerStatuses) ?? pods[0])
}
