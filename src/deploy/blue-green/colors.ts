import type { KubeObject, ObjectRef } from '../../kube-object.js'

/**
 * Blue-green on plain Deployments: the Deployment `web` of the manifests runs as `web-blue` and
 * `web-green`, each selecting its own pods by this label, so that the two never share a pod. The live
 * Service selects the live color with it; the preview Service `<service>-preview` the other one.
 */
export const COLOR_LABEL = 'kube-deploy.dev/color'
/**
 * On a color Deployment while it is a preview: when it was deployed. `promote` takes it off, so a
 * color with replicas and without it is an old live color still in its scale-down delay.
 */
export const PREVIEW_SINCE_ANNOTATION = 'kube-deploy.dev/preview-since'
/** On a preview Service: the live Service it previews (it is never taken for a live one). */
export const PREVIEW_OF_LABEL = 'kube-deploy.dev/preview-of'
/**
 * The field manager of the selector switch: apart from the apply's own, so that an apply of the
 * Service's manifest (which does not name the color) never takes the live color away.
 */
export const SWITCH_MANAGER = 'kube-deploy-blue-green'

export type Color = 'blue' | 'green'
export const COLORS: readonly Color[] = ['blue', 'green']

export function otherColor(color: Color): Color {
  return color === 'blue' ? 'green' : 'blue'
}

/** `web-green`: the Deployment of one color. */
export function colorName(name: string, color: Color): string {
  return `${name}-${color}`
}

export function previewServiceName(service: string): string {
  return `${service}-preview`
}

export function deploymentRef(name: string, namespace: string): ObjectRef {
  return { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace }
}

export function serviceRef(name: string, namespace: string): ObjectRef {
  return { apiVersion: 'v1', kind: 'Service', name, namespace }
}

/** The color a Service's selector selects; undefined while it selects no color (before the first switch). */
export function selectedColor(service: KubeObject | undefined): Color | undefined {
  const value = selectorOf(service)[COLOR_LABEL]
  return COLORS.find(color => color === value)
}

export function selectorOf(object: KubeObject | undefined): Record<string, string> {
  return (object?.spec?.selector as Record<string, string> | undefined) ?? {}
}

/** The replicas a Deployment asks for (1 when it does not say). */
export function specReplicas(deployment: KubeObject): number {
  const replicas = deployment.spec?.replicas
  return typeof replicas === 'number' ? replicas : 1
}

/** The Deployment's pod template labels, the color left out: what a Service of the app selects. */
export function appLabels(deployment: KubeObject): Record<string, string> {
  const template = deployment.spec?.template as { metadata?: { labels?: Record<string, string> } } | undefined
  return withoutColor(template?.metadata?.labels ?? {})
}

/** Whether a Service's selector (its color aside) selects pods with these labels. */
export function selects(service: KubeObject, labels: Record<string, string>): boolean {
  const selector = withoutColor(selectorOf(service))
  const keys = Object.keys(selector)
  return keys.length > 0 && keys.every(key => labels[key] === selector[key])
}

function withoutColor(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([key]) => key !== COLOR_LABEL))
}
