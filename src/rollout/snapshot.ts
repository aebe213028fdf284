import { eventTime, groupKind, refKey, toRef, type KubeObject, type ObjectRef } from '../kube-object.js'

/**
 * The cluster as the watches last saw it: every object the wait reads, found by reference, and per
 * namespace the pods, their owners' revisions and the events the rules need. Plain data built from
 * a list of objects, so the judge reads the same thing from a live watch and from a captured fixture.
 */
export interface Snapshot {
  object(ref: ObjectRef): KubeObject | undefined
  namespace(name: string): NamespaceView
}

/** One namespace's objects, indexed the ways the rules ask for them. */
export interface NamespaceView {
  pods: KubeObject[]
  /** Objects by uid: owners of pods and of ReplicaSets / ControllerRevisions. */
  byUid(uid: string | undefined): KubeObject | undefined
  /** Pods (terminating ones included) by the uid of each owner. */
  podsOwnedBy(owner: KubeObject | undefined): KubeObject[]
  /** ReplicaSets or ControllerRevisions owned by `owner`. */
  ownedOf(owner: KubeObject, kind: 'ReplicaSet' | 'ControllerRevision'): KubeObject[]
  /** Events about the pod of this name, oldest first. */
  podEvents(pod: string): KubeObject[]
}

const EMPTY: KubeObject[] = []

export function snapshotOf(objects: Iterable<KubeObject>): Snapshot {
  const byRef = new Map<string, KubeObject>()
  const namespaces = new Map<string, NamespaceIndex>()
  const index = (namespace: string): NamespaceIndex => {
    let found = namespaces.get(namespace)
    if (!found) namespaces.set(namespace, (found = new NamespaceIndex()))
    return found
  }
  // A pod can be both a target and one of its namespace's pods: each object is indexed once.
  for (const object of objects) byRef.set(refKey(toRef(object)), object)
  for (const object of byRef.values()) index(object.metadata.namespace ?? '').add(object)
  return {
    object: ref => byRef.get(refKey(ref)),
    namespace: name => index(name)
  }
}

class NamespaceIndex implements NamespaceView {
  readonly pods: KubeObject[] = []
  private readonly uids = new Map<string, KubeObject>()
  private readonly owned = new Map<string, KubeObject[]>()
  private readonly events = new Map<string, KubeObject[]>()
  private readonly sorted = new Set<string>()

  add(object: KubeObject): void {
    if (object.metadata.uid) this.uids.set(object.metadata.uid, object)
    const kind = groupKind(object)
    if (kind === 'Event' || kind === 'Event.events.k8s.io') {
      this.addEvent(object)
      return
    }
    if (kind === 'Pod') this.pods.push(object)
    for (const owner of object.metadata.ownerReferences ?? []) {
      const key = `${owner.uid}|${object.kind}`
      const list = this.owned.get(key)
      if (list) list.push(object)
      else this.owned.set(key, [object])
    }
  }

  byUid(uid: string | undefined): KubeObject | undefined {
    return uid === undefined ? undefined : this.uids.get(uid)
  }

  podsOwnedBy(owner: KubeObject | undefined): KubeObject[] {
    return (owner?.metadata.uid && this.owned.get(`${owner.metadata.uid}|Pod`)) || EMPTY
  }

  ownedOf(owner: KubeObject, kind: 'ReplicaSet' | 'ControllerRevision'): KubeObject[] {
    return this.owned.get(`${owner.metadata.uid ?? ''}|${kind}`) ?? EMPTY
  }

  podEvents(pod: string): KubeObject[] {
    const list = this.events.get(pod)
    if (!list) return EMPTY
    if (!this.sorted.has(pod)) {
      list.sort((a, b) => eventTime(a) - eventTime(b))
      this.sorted.add(pod)
    }
    return list
  }

  private addEvent(event: KubeObject): void {
    // core/v1 says involvedObject, events.k8s.io/v1 says regarding: the same object either way.
    const about = (event.involvedObject ?? event.regarding) as { kind?: string; name?: string } | undefined
    if (about?.kind !== 'Pod' || !about.name) return
    const list = this.events.get(about.name)
    if (list) list.push(event)
    else this.events.set(about.name, [event])
    this.sorted.delete(about.name)
  }
}
