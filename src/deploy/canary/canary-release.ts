import * as core from '@actions/core'
import type { ClusterClient } from '../../cluster/client.js'
import { Inputs } from '../../constants.js'
import type { CanaryReplicas } from '../../inputs.js'
import { displayName, groupKind, toRef, type KubeObject, type ObjectRef } from '../../kube-object.js'
import type { ManifestObject } from '../../manifests/load.js'
import { objectConfigReferences } from '../../manifests/config-references.js'
import { InputError } from '../../support/errors.js'
import type { PlannedChange } from '../planned-change.js'
import { targetRef } from '../target-kinds.js'
import {
  CANARY_OF_ANNOTATION,
  TRACK_LABEL,
  canaryDeployment,
  canaryProblem,
  resolveCanaryReplicas
} from './canary-deployment.js'

/** Where a Deployment's canary stands after the run: the `canary` output and the summary's section. */
export interface CanaryNote {
  state: 'deployed' | 'promoted' | 'rejected'
  /** The live Deployment. */
  stable: ObjectRef
  canary: ObjectRef
}

/** A canary this run deploys: the live Deployment it is compared with, and itself. */
export interface CanaryRelease {
  live: ObjectRef
  canary: ObjectRef
  replicas: number
}

export interface CanaryOptions {
  /** `target`: which Deployment of the manifests becomes the canary, when they hold several. */
  target?: string
  replicas: CanaryReplicas
  /** The run's namespace, for manifests that name none. */
  namespace: string
}

/**
 * `strategy: canary`: the one Deployment of the manifests (or the one `target` names) is replaced by
 * its canary; every other object is applied as usual. The live Deployment must exist (the canary is
 * compared with it) and is not changed at all.
 */
export async function turnIntoCanary(
  client: ClusterClient,
  entries: ManifestObject[],
  options: CanaryOptions
): Promise<{ entries: ManifestObject[]; release: CanaryRelease; canary: KubeObject }> {
  const chosen = chooseDeployment(entries, options)
  const manifest = chosen.object
  const namespace = manifest.metadata.namespace ?? options.namespace
  const liveRef = { ...toRef(manifest), namespace }
  const live = await client.get(liveRef)
  const where = `${chosen.source}:${chosen.line}`
  if (!live)
    throw new Error(
      `${where}: ${displayName(liveRef)} does not run in namespace ${namespace}: nothing to compare against: deploy it first (without strategy: canary)`
    )
  const problem = canaryProblem(manifest, live)
  if (problem) throw new Error(`${where}: ${problem}`)
  const replicas = resolveCanaryReplicas(options.replicas, (live.spec?.replicas as number | undefined) ?? 1)
  const canary = canaryDeployment(manifest, replicas)
  for (const warning of serviceWarnings(entries, live, canary)) core.warning(warning)
  core.info(
    `strategy canary: ${displayName(liveRef)} stays as it is; ${displayName(toRef(canary))} runs the new version with ${replicas} of ${replicas + ((live.spec?.replicas as number | undefined) ?? 1)} pods`
  )
  return {
    entries: entries.map(entry => (entry === chosen ? { ...entry, object: canary } : entry)),
    release: { live: liveRef, canary: { ...toRef(canary), namespace }, replicas },
    canary
  }
}

function chooseDeployment(entries: ManifestObject[], options: CanaryOptions): ManifestObject {
  const deployments = entries.filter(entry => groupKind(entry.object) === 'Deployment.apps')
  if (options.target) {
    const ref = targetRef(options.target, options.namespace)
    const found =
      groupKind(ref) === 'Deployment.apps'
        ? deployments.find(entry => entry.object.metadata.name === ref.name)
        : undefined
    if (!found)
      throw new InputError(
        Inputs.Target,
        `"${options.target}": with strategy: canary, name a Deployment of the manifests (${deployments.map(entry => displayName(toRef(entry.object))).join(', ') || 'they hold none'})`
      )
    return found
  }
  if (deployments.length === 1) return deployments[0]
  throw new InputError(
    Inputs.Strategy,
    deployments.length === 0
      ? 'canary: the manifests hold no Deployment (apps/v1)'
      : `canary: the manifests hold ${deployments.length} Deployments (${deployments.map(entry => displayName(toRef(entry.object))).join(', ')}); name the one to release as a canary with \`target\``
  )
}

/**
 * A ConfigMap or Secret the canary reads under a fixed name is shared with the live Deployment:
 * changing it changes what the live pods read (at their next restart, or at once for mounted files).
 * Versioned ones (`kube-deploy.dev/versioned`) get a new name and are safe.
 */
export function sharedConfigWarnings(canary: KubeObject, preview: PlannedChange[]): string[] {
  const referenced = new Set(
    objectConfigReferences(canary).map(
      reference => `${reference.kind}/${String(reference.holder[reference.field])}`
    )
  )
  return preview
    .filter(
      change => change.action === 'configured' && referenced.has(`${change.ref.kind}/${change.ref.name}`)
    )
    .map(
      change =>
        `${displayName(change.ref)} changes, and the live ${canary.metadata.annotations?.[CANARY_OF_ANNOTATION] ?? 'Deployment'} reads it too: mark it kube-deploy.dev/versioned so that only the canary sees the change`
    )
}

/**
 * A Service of the manifests that selects the live pods but not the canary's (it selects on the
 * track label, or on a label the new template changed) sends the canary no traffic.
 */
export function serviceWarnings(entries: ManifestObject[], live: KubeObject, canary: KubeObject): string[] {
  const labelsOf = (deployment: KubeObject): Record<string, string> =>
    (deployment.spec?.template as { metadata?: { labels?: Record<string, string> } } | undefined)?.metadata
      ?.labels ?? {}
  const selects = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
    Object.entries(selector).every(([key, value]) => labels[key] === value)
  return entries
    .map(entry => entry.object)
    .filter(object => object.kind === 'Service' && object.apiVersion === 'v1')
    .filter(service => {
      const selector = service.spec?.selector as Record<string, string> | undefined
      if (!selector || Object.keys(selector).length === 0) return false
      return selects(selector, labelsOf(live)) && !selects(selector, labelsOf(canary))
    })
    .map(
      service =>
        `service/${service.metadata.name} selects the pods of ${displayName(toRef(live))} but not those of its canary: the canary gets no traffic from it (select on the app's labels, not on ${TRACK_LABEL} or a label the new version changes)`
    )
}
