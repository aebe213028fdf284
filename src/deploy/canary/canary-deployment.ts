import type { CanaryReplicas } from '../../inputs.js'
import type { KubeObject } from '../../kube-object.js'

/** The pod label that tells a canary's pods from the live ones; no Service should select on it. */
export const TRACK_LABEL = 'kube-deploy.dev/track'
/** On a canary Deployment: the name of the live Deployment it is a canary of. */
export const CANARY_OF_ANNOTATION = 'kube-deploy.dev/canary-of'
/**
 * On a canary Deployment: the manifest it was made from, as the live Deployment will be applied on
 * promotion (JSON). Kept on the canary's own metadata, never on a pod template.
 */
export const PROMOTES_TO_ANNOTATION = 'kube-deploy.dev/promotes-to'

export function canaryName(liveName: string): string {
  return `${liveName}-canary`
}

/** `canary-replicas` against the live Deployment's spec.replicas: a percentage rounds up, at least 1. */
export function resolveCanaryReplicas(wanted: CanaryReplicas, liveReplicas: number): number {
  if ('count' in wanted) return wanted.count
  return Math.max(1, Math.ceil((liveReplicas * wanted.percent) / 100))
}

interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: { key: string; operator: string; values?: string[] }[]
}

/**
 * Why the live Deployment cannot have a canary beside it, or undefined. The canary's pods carry the
 * live pods' labels plus `kube-deploy.dev/track: canary`, so the Service (and the live Deployment's
 * selector) match them; the canary's selector adds the track, so it never matches the live pods.
 * The deployment controller counts only the pods of ReplicaSets it owns (ControllerRef), so the live
 * Deployment's selector matching the canary's pods changes nothing for it. A live selector on the
 * track label itself would leave the canary's pods out of it, or claim them: refused.
 */
export function canaryProblem(manifest: KubeObject, live: KubeObject): string | undefined {
  const selector = (live.spec?.selector ?? {}) as LabelSelector
  const onTrack =
    TRACK_LABEL in (selector.matchLabels ?? {}) ||
    (selector.matchExpressions ?? []).some(expression => expression.key === TRACK_LABEL)
  if (onTrack)
    return `the selector of deployment/${live.metadata.name} selects on ${TRACK_LABEL}, the label that tells its canary apart: select on the app's labels only`
  if (live.metadata.labels?.[TRACK_LABEL] === 'canary')
    return `deployment/${live.metadata.name} is itself a canary: name the live Deployment`
  if (canonical(manifest.spec?.selector) !== canonical(live.spec?.selector))
    return `the manifest changes the selector of deployment/${live.metadata.name}, which is immutable: a canary needs the live selector`
  return undefined
}

/**
 * The canary of a Deployment manifest: `<name>-canary`, the manifest's pod template (new images,
 * config) with the track label, `replicas` pods, and the live selector plus the track, so it takes
 * its share of the Service's traffic by its replica count and adopts none of the live pods.
 */
export function canaryDeployment(manifest: KubeObject, replicas: number): KubeObject {
  const spec = manifest.spec ?? {}
  const selector = (spec.selector ?? {}) as LabelSelector
  const template = (spec.template ?? {}) as { metadata?: { labels?: Record<string, string> } }
  const { name, namespace, labels, annotations } = manifest.metadata
  return {
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
    metadata: {
      name: canaryName(name),
      ...(namespace ? { namespace } : {}),
      labels: { ...labels, [TRACK_LABEL]: 'canary' },
      annotations: {
        ...annotations,
        [CANARY_OF_ANNOTATION]: name,
        [PROMOTES_TO_ANNOTATION]: JSON.stringify(manifest)
      }
    },
    spec: {
      ...spec,
      replicas,
      selector: { ...selector, matchLabels: { ...selector.matchLabels, [TRACK_LABEL]: 'canary' } },
      template: {
        ...template,
        metadata: {
          ...template.metadata,
          labels: { ...template.metadata?.labels, [TRACK_LABEL]: 'canary' }
        }
      }
    }
  }
}

/** Whether `object` is the canary kube-deploy made of deployment `liveName`. */
export function isCanaryOf(object: KubeObject | undefined, liveName: string): object is KubeObject {
  return (
    object !== undefined &&
    object.metadata.labels?.[TRACK_LABEL] === 'canary' &&
    object.metadata.annotations?.[CANARY_OF_ANNOTATION] === liveName
  )
}

/**
 * What promotion applies to the live Deployment: the manifest the canary was made from, with the
 * live replicas (the canary's count is the canary's), applied as a rolling deploy of it would be.
 */
export function promotedManifest(canary: KubeObject, live: KubeObject): KubeObject {
  const stored = canary.metadata.annotations?.[PROMOTES_TO_ANNOTATION]
  if (!stored)
    throw new Error(
      `deployment/${canary.metadata.name} has no ${PROMOTES_TO_ANNOTATION} annotation: it was not made by strategy: canary; reject it and deploy again`
    )
  const manifest = JSON.parse(stored) as KubeObject
  return {
    ...manifest,
    metadata: { ...manifest.metadata, name: live.metadata.name, namespace: live.metadata.namespace },
    spec: { ...manifest.spec, replicas: live.spec?.replicas ?? 1 }
  }
}

/** JSON with object keys sorted: the server may order a selector's keys otherwise than the manifest. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map(key => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`
  return JSON.stringify(value ?? null)
}
