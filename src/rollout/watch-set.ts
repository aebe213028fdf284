import type { ClusterClient } from '../cluster/client.js'
import { groupKind, refKey, type ObjectRef } from '../kube-object.js'
import { groupBy } from '../support/group-by.js'
import { ApiContact } from './api-contact.js'
import { CollectionWatch, type CollectionSpec } from './collection-watch.js'
import { hasRollout, POD_OWNER_KINDS, WORKLOAD_KINDS } from './rules/registry.js'
import { snapshotOf, type Snapshot } from './snapshot.js'

/** Kinds whose pods roll out through ReplicaSets, and through ControllerRevisions. */
const REPLICA_SET_OWNERS = new Set(['Deployment.apps', 'ReplicaSet.apps', 'Rollout.argoproj.io'])
const REVISION_OWNERS = new Set(['StatefulSet.apps', 'DaemonSet.apps'])

export interface WatchPlan {
  targets: ObjectRef[]
  /** Namespace of the `selector` input's pods, when there is one. */
  selectorNamespace?: string
  /** Targets expected to be gone: watched whatever their kind, with none of their pods. */
  departures?: ObjectRef[]
}

/**
 * Keeps a live copy of everything the judge reads, with one list + watch per collection: the targets
 * (a kind in a namespace, narrowed to one name when alone), and for every namespace with workloads or
 * a selector its pods, the ReplicaSets / ControllerRevisions that tell their revision, and the events
 * about pods (the cluster autoscaler answers there). For the selector, the workloads its pods may
 * belong to. No verdicts here: `snapshot()` hands the judge the current picture.
 */
export class WatchSet {
  private readonly watches = new Map<string, CollectionWatch>()
  /** What every watch of the set last heard from the API server, and since when it could not. */
  readonly contact = new ApiContact()

  constructor(client: ClusterClient, plan: WatchPlan, onChange: () => void, onError: (error: Error) => void) {
    for (const spec of collectionsOf(plan)) {
      const key = JSON.stringify(spec)
      if (!this.watches.has(key))
        this.watches.set(key, new CollectionWatch(client, spec, onChange, onError, this.contact))
    }
  }

  /** Resolves once every collection has been listed: the first snapshot is complete. */
  async start(): Promise<void> {
    await Promise.all([...this.watches.values()].map(watch => watch.start()))
  }

  stop(): void {
    for (const watch of this.watches.values()) watch.stop()
  }

  snapshot(): Snapshot {
    return snapshotOf([...this.watches.values()].flatMap(watch => [...watch.objects.values()]))
  }
}

/** The collections a plan needs, possibly repeated (the caller keeps one watch per distinct spec). */
export function collectionsOf({ targets, selectorNamespace, departures = [] }: WatchPlan): CollectionSpec[] {
  const specs: CollectionSpec[] = []
  const leaving = new Set(departures.map(refKey))
  const byCollection = groupBy(
    targets.filter(ref => hasRollout(ref) || leaving.has(refKey(ref))),
    ref => `${ref.apiVersion}|${ref.kind}|${ref.namespace ?? ''}`
  )
  for (const refs of byCollection.values()) {
    const { apiVersion, kind, namespace } = refs[0]
    const fieldSelector = refs.length === 1 ? `metadata.name=${refs[0].name}` : undefined
    // A deleted custom resource's kind may go with its CRD: then the collection is simply empty.
    const optional = refs.every(ref => leaving.has(refKey(ref))) || undefined
    specs.push({ apiVersion, kind, namespace, fieldSelector, ...(optional ? { optional } : {}) })
  }

  const namespaces = new Map<string, Set<string>>()
  for (const ref of targets.filter(target => !leaving.has(refKey(target)))) {
    const kind = groupKind(ref)
    if (!WORKLOAD_KINDS.has(kind)) continue
    const namespace = ref.namespace ?? ''
    namespaces.set(namespace, (namespaces.get(namespace) ?? new Set()).add(kind))
  }
  if (selectorNamespace !== undefined) {
    const kinds = namespaces.get(selectorNamespace) ?? new Set()
    for (const kind of [...REPLICA_SET_OWNERS, ...REVISION_OWNERS]) kinds.add(kind)
    namespaces.set(selectorNamespace, kinds)
    for (const owner of POD_OWNER_KINDS) specs.push({ ...owner, namespace: selectorNamespace })
  }
  for (const [namespace, kinds] of namespaces) {
    specs.push({ apiVersion: 'v1', kind: 'Pod', namespace })
    // Only events about pods: the autoscaler's answers for an unschedulable pod.
    specs.push({ apiVersion: 'v1', kind: 'Event', namespace, fieldSelector: 'involvedObject.kind=Pod' })
    if ([...kinds].some(kind => REPLICA_SET_OWNERS.has(kind)))
      specs.push({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace })
    if ([...kinds].some(kind => REVISION_OWNERS.has(kind)))
      specs.push({ apiVersion: 'apps/v1', kind: 'ControllerRevision', namespace })
  }
  return specs
}
