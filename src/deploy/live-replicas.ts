import * as core from '@actions/core'
import { apiErrorMessage } from '../cluster/api-errors.js'
import type { ClusterClient } from '../cluster/client.js'
import { displayName, groupOf, toRef, type KubeObject } from '../kube-object.js'
import type { ManifestObject } from '../manifests/load.js'
import { ManifestError } from '../support/errors.js'
import type { ManagedFieldsEntry } from './field-ownership.js'
import { FIELD_MANAGER } from './server-side-apply.js'

/** `"true"` on a workload: its live `spec.replicas` is kept (Spinnaker's use-source-capacity). */
export const LIVE_REPLICAS_ANNOTATION = 'kube-deploy.dev/use-live-replicas'

/**
 * Managers whose fields are this action's own on a server-side apply: a client-side `kubectl apply`'s
 * are handed over to it first (field-ownership.ts).
 */
const OWN_MANAGERS = new Set([FIELD_MANAGER, 'kubectl-client-side-apply', 'before-first-apply'])

/** What keeps a workload's replica count: an autoscaler, or the annotation. */
interface CapacityOwner {
  object: KubeObject
  why: string
}

/**
 * Keeps the live replica count of each workload a HorizontalPodAutoscaler (in the set, or live in its
 * namespace) scales, or that carries `kube-deploy.dev/use-live-replicas: "true"`, so that a deploy
 * never scales it back to the manifest's count. A workload that does not exist yet gets the manifest's.
 *
 * With server-side apply, when another manager (the autoscaler, `kubectl scale`) owns `spec.replicas`,
 * the field is left out of what is sent: this action then owns no part of it and the autoscaler's
 * value stays, with no conflict, whatever it scales to between this read and the apply (the hand-over
 * the server-side apply docs describe). When this action is its only owner (no scaling happened since
 * the last deploy), leaving it out would reset it to the default of 1; the live value is sent instead.
 * A client-side apply always sends the live value: its last-applied annotation would drop the field
 * otherwise. Changes the entries in place; returns one line per workload kept.
 */
export async function keepLiveReplicas(
  client: ClusterClient,
  entries: ManifestObject[],
  namespace: string,
  serverSide: boolean
): Promise<string[]> {
  const kept: string[] = []
  const owners = await capacityOwners(client, entries, namespace)
  for (const { object, why } of owners) {
    const name = displayName(toRef(object))
    // A kind the server does not serve yet (its CRD is in the set) has no live object either.
    const live = await client
      .get({ ...toRef(object), namespace: object.metadata.namespace ?? namespace })
      .catch((error: unknown) => {
        core.warning(
          `${name}: the live object could not be read (${apiErrorMessage(error)}); the manifest's replicas apply`
        )
        return undefined
      })
    const replicas: unknown = live?.spec?.replicas
    if (!live || typeof replicas !== 'number') {
      const declared = object.spec?.replicas
      if (typeof declared === 'number')
        core.info(`${name}: not live yet, so the manifest's ${declared} replicas apply (${why})`)
      continue
    }
    object.spec ??= {}
    const others = serverSide ? otherReplicaOwners(live) : []
    const line =
      others.length > 0
        ? `${name}: spec.replicas left to ${others.join(', ')}, which keeps the live ${replicas} (${why})`
        : `${name}: keeping the live ${replicas} replicas (${why})`
    if (others.length > 0) delete object.spec.replicas
    else object.spec.replicas = replicas
    core.info(line)
    kept.push(line)
  }
  return kept
}

/** The workloads whose replica count is kept, each with why. */
async function capacityOwners(
  client: ClusterClient,
  entries: ManifestObject[],
  namespace: string
): Promise<CapacityOwner[]> {
  const objects = entries.map(entry => entry.object)
  const autoscalers = objects.filter(isAutoscaler)
  for (const { object, source, line } of entries) {
    const value = object.metadata.annotations?.[LIVE_REPLICAS_ANNOTATION]
    if (value !== undefined && value !== 'true' && value !== 'false')
      throw new ManifestError(
        source,
        line,
        `${object.kind} ${object.metadata.name}: ${LIVE_REPLICAS_ANNOTATION} is "${value}"; expected "true" or "false"`
      )
  }
  const workloads = entries.filter(({ object }) => isScalable(object))
  if (workloads.length === 0) return []
  const namespaces = new Set(workloads.map(({ object }) => object.metadata.namespace ?? namespace))
  for (const each of namespaces) autoscalers.push(...(await liveAutoscalers(client, each)))
  const owners: CapacityOwner[] = []
  for (const { object } of workloads) {
    const objectNamespace = object.metadata.namespace ?? namespace
    const autoscaler = autoscalers.find(
      hpa => (hpa.metadata.namespace ?? namespace) === objectNamespace && scales(hpa, object)
    )
    if (autoscaler) owners.push({ object, why: `HPA ${autoscaler.metadata.name}` })
    else if (object.metadata.annotations?.[LIVE_REPLICAS_ANNOTATION] === 'true')
      owners.push({ object, why: LIVE_REPLICAS_ANNOTATION })
  }
  return owners
}

/**
 * The autoscalers of a namespace, as the cluster has them. One the credentials may not list is
 * warned about, not an error: the annotation and the autoscalers in the set still count.
 */
async function liveAutoscalers(client: ClusterClient, namespace: string): Promise<KubeObject[]> {
  try {
    const list = await client.list({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      namespace
    })
    return list.items
  } catch (error) {
    core.warning(
      `the HorizontalPodAutoscalers of namespace ${namespace} could not be read (${apiErrorMessage(error)}): only those in the manifests keep live replicas`
    )
    return []
  }
}

/**
 * What an autoscaler may scale: the scalable built-in kinds (a manifest may leave their replicas to the
 * autoscaler), anything that declares `spec.replicas`, and anything marked with the annotation. Only
 * their namespaces' autoscalers are read.
 */
function isScalable(object: KubeObject): boolean {
  if (isAutoscaler(object) || object.spec === undefined) return false
  return (
    SCALABLE_KINDS.has(`${object.kind}.${groupOf(object.apiVersion)}`) ||
    object.spec.replicas !== undefined ||
    object.metadata.annotations?.[LIVE_REPLICAS_ANNOTATION] === 'true'
  )
}

const SCALABLE_KINDS = new Set(['Deployment.apps', 'StatefulSet.apps', 'ReplicaSet.apps'])

function isAutoscaler(object: KubeObject): boolean {
  return object.kind === 'HorizontalPodAutoscaler' && groupOf(object.apiVersion) === 'autoscaling'
}

/** Whether the autoscaler's `scaleTargetRef` names this object: kind, name and API group. */
export function scales(autoscaler: KubeObject, object: KubeObject): boolean {
  const target = autoscaler.spec?.scaleTargetRef as
    { apiVersion?: string; kind?: string; name?: string } | undefined
  return (
    target?.kind === object.kind &&
    target.name === object.metadata.name &&
    groupOf(target.apiVersion ?? '') === groupOf(object.apiVersion)
  )
}

/** The managers other than this action that own the live object's `spec.replicas`. */
export function otherReplicaOwners(live: KubeObject): string[] {
  const entries = (live.metadata.managedFields ?? []) as ManagedFieldsEntry[]
  const owners = entries
    .filter(entry => entry.fieldsV1?.['f:spec']?.['f:replicas'] !== undefined)
    .map(entry => entry.manager ?? 'an unnamed manager')
    .filter(manager => !OWN_MANAGERS.has(manager))
  return [...new Set(owners)]
}
