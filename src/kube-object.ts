/** The parts of a Kubernetes API object the action reads. Everything else passes through untouched. */
export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: ObjectMeta
  spec?: Record<string, unknown>
  status?: Record<string, unknown>
  [field: string]: unknown
}

export interface ObjectMeta {
  name: string
  namespace?: string
  uid?: string
  generation?: number
  resourceVersion?: string
  creationTimestamp?: string
  deletionTimestamp?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[]
  [field: string]: unknown
}

/** A condition as every Kubernetes status writes it. */
export interface Condition {
  type: string
  status: 'True' | 'False' | 'Unknown'
  reason?: string
  message?: string
  lastTransitionTime?: string
}

/** Identifies one object in the cluster. `namespace` is absent for cluster-scoped kinds. */
export interface ObjectRef {
  apiVersion: string
  kind: string
  name: string
  namespace?: string
}

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : ''
}

/**
 * `Deployment.apps`, `Service` (core group): the key status rules and ready-conditions use, and the
 * one place that spells it. Takes an object's apiVersion, or a group where there is no version yet
 * (a CRD's spec, the `ready-conditions` input).
 */
export function groupKind(ref: { kind: string } & ({ apiVersion: string } | { group: string })): string {
  const group = 'group' in ref ? ref.group : groupOf(ref.apiVersion)
  return group ? `${ref.kind}.${group}` : ref.kind
}

/** `deployment/web` or `deployment/web -n staging`: how people name an object. */
export function refKey(ref: ObjectRef): string {
  return `${groupKind(ref)}/${ref.namespace ?? ''}/${ref.name}`
}

export function displayName(ref: ObjectRef): string {
  return `${ref.kind.toLowerCase()}/${ref.name}`
}

export function conditionOf(
  object: { status?: Record<string, unknown> },
  type: string
): Condition | undefined {
  const conditions = object.status?.conditions
  return Array.isArray(conditions)
    ? (conditions as Condition[]).find(condition => condition.type === type)
    : undefined
}

export function toRef(object: KubeObject): ObjectRef {
  const { apiVersion, kind, metadata } = object
  return metadata.namespace
    ? { apiVersion, kind, name: metadata.name, namespace: metadata.namespace }
    : { apiVersion, kind, name: metadata.name }
}

/** A timestamp as the API serves it (a string), or as the typed client models it (a Date). */
type Timestamp = string | Date | null | undefined

interface EventTimes {
  series?: { lastObservedTime?: Timestamp } | null
  lastTimestamp?: Timestamp
  eventTime?: Timestamp
  metadata?: { creationTimestamp?: Timestamp }
}

/**
 * When an event last happened, in epoch milliseconds: series, lastTimestamp and eventTime are each
 * set by some writers only (the scheduler leaves lastTimestamp null), so all are read, in that order.
 */
export function eventTime(event: object): number {
  const { series, lastTimestamp, eventTime: at, metadata } = event as EventTimes
  const value = series?.lastObservedTime ?? lastTimestamp ?? at ?? metadata?.creationTimestamp
  return value ? new Date(value).getTime() : 0
}

/**
 * The object without `managedFields`: nothing but field ownership reads them, and they make up a
 * large part of every object, so what is kept for long (the wait's copies, a run's changes) drops them.
 */
export function withoutManagedFields(object: KubeObject): KubeObject {
  if (object.metadata?.managedFields === undefined) return object
  const metadata = { ...object.metadata }
  delete metadata.managedFields
  return { ...object, metadata }
}
