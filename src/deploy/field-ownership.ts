import type { JsonPatchOperation } from '../cluster/client.js'
import type { KubeObject } from '../kube-object.js'

/** One entry of `metadata.managedFields`: who set which fields, by apply or by update. */
export interface ManagedFieldsEntry {
  manager?: string
  operation?: 'Apply' | 'Update'
  apiVersion?: string
  time?: string
  fieldsType?: string
  fieldsV1?: FieldSet
  subresource?: string
}

type FieldSet = { [field: string]: FieldSet }

/**
 * The managers kubectl's client-side apply records its fields under (`before-first-apply` holds what
 * an object had when it was first applied).
 */
const CLIENT_SIDE_MANAGERS = new Set(['kubectl-client-side-apply', 'before-first-apply'])
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

/**
 * The JSON patch that hands the fields a client-side `kubectl apply` owns to `manager`'s server-side
 * apply, as kubectl's csaupgrade does before its first server-side apply: without it, fields the
 * manifests no longer declare would stay forever, and every changed value would conflict with the old
 * owner. It also drops the last-applied annotation: a stale copy of an old manifest (for a Secret, its
 * data in clear text) that a later client-side apply would merge against. Undefined when there is
 * nothing to hand over. The resourceVersion test keeps it from overwriting a concurrent change.
 */
export function adoptClientSideFields(live: KubeObject, manager: string): JsonPatchOperation[] | undefined {
  const entries = (live.metadata.managedFields ?? []) as ManagedFieldsEntry[]
  const clientSide = entries.filter(
    entry =>
      CLIENT_SIDE_MANAGERS.has(entry.manager ?? '') && entry.operation === 'Update' && !entry.subresource
  )
  const annotated = live.metadata.annotations?.[LAST_APPLIED] !== undefined
  if (clientSide.length === 0 && !annotated) return undefined

  const owned = entries.find(
    entry => entry.manager === manager && entry.operation === 'Apply' && !entry.subresource
  )
  const adopted: ManagedFieldsEntry = {
    ...(owned ?? clientSide[0]),
    manager,
    operation: 'Apply',
    fieldsV1: [owned, ...clientSide].reduce<FieldSet>(
      (union, entry) => mergeFields(union, entry?.fieldsV1),
      {}
    )
  }
  const kept = entries.filter(entry => entry !== owned && !clientSide.includes(entry))
  const operations: JsonPatchOperation[] = [
    { op: 'test', path: '/metadata/resourceVersion', value: live.metadata.resourceVersion }
  ]
  if (clientSide.length > 0)
    operations.push({ op: 'replace', path: '/metadata/managedFields', value: [...kept, adopted] })
  if (annotated)
    operations.push({ op: 'remove', path: `/metadata/annotations/${LAST_APPLIED.replace(/\//g, '~1')}` })
  return operations
}

/** The union of two field sets (the `f:`/`k:`/`v:` trees of managedFields). */
function mergeFields(into: FieldSet, from: FieldSet | undefined): FieldSet {
  if (!from) return into
  const union: FieldSet = { ...into }
  for (const [field, children] of Object.entries(from))
    union[field] = mergeFields(union[field] ?? {}, children)
  return union
}
