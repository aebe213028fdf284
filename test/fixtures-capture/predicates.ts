import type { Condition, ContainerStatus, KubeObject, View } from './kube.js'

/** Small readers over API objects, for the capture predicates. */

export function condition(object: KubeObject | undefined, type: string): Condition | undefined {
  return (object?.status?.conditions ?? []).find(c => c.type === type)
}

export function conditionIs(
  object: KubeObject | undefined,
  type: string,
  status: string,
  reason?: string
): boolean {
  const c = condition(object, type)
  return c !== undefined && c.status === status && (reason === undefined || c.reason === reason)
}

export function observed(object: KubeObject | undefined): boolean {
  return object !== undefined && object.status?.observedGeneration === object.metadata.generation
}

export function unobserved(object: KubeObject | undefined): boolean {
  return (
    object !== undefined && (object.metadata.generation ?? 0) > Number(object.status?.observedGeneration ?? 0)
  )
}

export function terminating(pod: KubeObject): boolean {
  return pod.metadata.deletionTimestamp !== undefined
}

export function ready(pod: KubeObject): boolean {
  return conditionIs(pod, 'Ready', 'True')
}

export function phase(pod: KubeObject): string | undefined {
  return pod.status?.phase
}

export function containerStatuses(pod: KubeObject): ContainerStatus[] {
  return pod.status?.containerStatuses ?? []
}

export function waitingReason(pod: KubeObject): string | undefined {
  return containerStatuses(pod)[0]?.state?.waiting?.reason
}

export function restarts(pod: KubeObject): number {
  return containerStatuses(pod)[0]?.restartCount ?? 0
}

export function label(object: KubeObject, key: string): string | undefined {
  return object.metadata.labels?.[key]
}

export function livePods(view: View): KubeObject[] {
  return view.pods().filter(p => !terminating(p))
}

/** The ReplicaSet a Deployment currently rolls out to (same revision annotation). */
export function newReplicaSet(view: View, deploymentName: string): KubeObject | undefined {
  const d = view.get('Deployment', deploymentName)
  const revision = d?.metadata.annotations?.['deployment.kubernetes.io/revision']
  if (!revision) return undefined
  return view
    .all('ReplicaSet')
    .find(rs => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === revision)
}

export function podsOfReplicaSet(view: View, rs: KubeObject): KubeObject[] {
  return view.pods().filter(p => p.metadata.ownerReferences?.some(o => o.uid === rs.metadata.uid))
}

/** Steady state of a finished Deployment rollout: status observed, counts equal, pods Ready. */
export function deploymentComplete(view: View, name: string): boolean {
  const d = view.get('Deployment', name)
  if (!d || !observed(d)) return false
  const replicas = d.spec?.replicas ?? 1
  const s = d.status ?? {}
  const pods = view.pods()
  return (
    (s.replicas ?? 0) === replicas &&
    (s.updatedReplicas ?? 0) === replicas &&
    (s.readyReplicas ?? 0) === replicas &&
    (s.availableReplicas ?? 0) === replicas &&
    conditionIs(d, 'Progressing', 'True', 'NewReplicaSetAvailable') &&
    pods.length === replicas &&
    pods.every(p => ready(p) && !terminating(p))
  )
}

export function statefulSetComplete(view: View, name: string): boolean {
  const s = view.get('StatefulSet', name)
  if (!s || !observed(s)) return false
  const replicas = s.spec?.replicas ?? 1
  const st = s.status ?? {}
  return (
    st.replicas === replicas &&
    st.readyReplicas === replicas &&
    st.availableReplicas === replicas &&
    st.updatedReplicas === replicas &&
    st.currentReplicas === replicas &&
    st.currentRevision === st.updateRevision &&
    view.pods().length === replicas &&
    view.pods().every(p => ready(p) && !terminating(p))
  )
}

export function daemonSetComplete(view: View, name: string): boolean {
  const d = view.get('DaemonSet', name)
  if (!d || !observed(d)) return false
  const st = d.status ?? {}
  const desired = st.desiredNumberScheduled ?? 0
  return (
    desired > 0 &&
    st.currentNumberScheduled === desired &&
    st.numberReady === desired &&
    st.updatedNumberScheduled === desired &&
    st.numberAvailable === desired &&
    view.pods().length === desired &&
    view.pods().every(p => ready(p) && !terminating(p))
  )
}

export function hasEvent(view: View, reason: string, kind?: string): boolean {
  return view
    .events()
    .some(
      e => e.reason === reason && (kind === undefined || (e.involvedObject as { kind: string }).kind === kind)
    )
}
