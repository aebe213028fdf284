import { Inputs } from '../../constants.js'
import type { KubeObject } from '../../kube-object.js'
import type { ManifestObject } from '../../manifests/load.js'
import { InputError } from '../../support/errors.js'
import {
  COLOR_LABEL,
  colorName,
  PREVIEW_OF_LABEL,
  PREVIEW_SINCE_ANNOTATION,
  previewServiceName,
  selectorOf,
  type Color
} from './colors.js'

/** The one Deployment of a blue-green apply: the manifests may hold its Service, config and more, but one app. */
export function blueGreenDeployment(entries: ManifestObject[]): ManifestObject {
  const deployments = entries.filter(
    entry => entry.object.kind === 'Deployment' && entry.object.apiVersion === 'apps/v1'
  )
  if (deployments.length !== 1)
    throw new InputError(
      Inputs.Strategy,
      `blue-green deploys one Deployment at a time; the manifests hold ${deployments.length}`
    )
  return deployments[0]
}

export interface ColorPlan {
  /** The color this run deploys. */
  color: Color
  /** The color the live Service selects now; undefined on the first deploy. */
  live?: Color
  /** The live Service: as declared, else as it is in the cluster. */
  service: KubeObject
  /** When the preview was deployed (ISO time), for the pending message. */
  since: string
  namespace: string
}

/**
 * The manifests as a blue-green deploy applies them: the Deployment renamed to its color, the color in
 * its selector and pod labels; the live Service (when declared) still selecting the live color; and
 * the preview Service selecting the new one. The entries given are left as they are.
 */
export function colorEntries(entries: ManifestObject[], plan: ColorPlan): ManifestObject[] {
  const deployment = blueGreenDeployment(entries)
  const serviceName = plan.service.metadata.name
  const result = entries.map(entry => {
    if (entry === deployment) return { ...entry, object: colorDeployment(entry.object, plan) }
    if (entry.object.kind === 'Service' && entry.object.metadata.name === serviceName && plan.live)
      return { ...entry, object: withColorSelector(entry.object, plan.live) }
    return entry
  })
  const preview = previewService(plan.service, plan.color, plan.namespace)
  return [...result, { object: preview, source: `the preview of service/${serviceName}`, line: 0 }]
}

/** `web` → `web-green`: its selector and pods carry the color, and it is marked as a preview. */
export function colorDeployment(
  deployment: KubeObject,
  plan: Pick<ColorPlan, 'color' | 'since'>
): KubeObject {
  const object = structuredClone(deployment)
  const { color } = plan
  object.metadata.name = colorName(deployment.metadata.name, color)
  object.metadata.labels = { ...object.metadata.labels, [COLOR_LABEL]: color }
  object.metadata.annotations = { ...object.metadata.annotations, [PREVIEW_SINCE_ANNOTATION]: plan.since }
  const spec = (object.spec ??= {})
  const selector = (spec.selector ??= {}) as { matchLabels?: Record<string, string> }
  selector.matchLabels = { ...selector.matchLabels, [COLOR_LABEL]: color }
  const template = (spec.template ??= {}) as { metadata?: { labels?: Record<string, string> } }
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [COLOR_LABEL]: color } }
  return object
}

function withColorSelector(service: KubeObject, color: Color): KubeObject {
  const object = structuredClone(service)
  object.spec = { ...object.spec, selector: { ...selectorOf(service), [COLOR_LABEL]: color } }
  return object
}

interface ServicePort {
  name?: string
  port: number
  targetPort?: number | string
  protocol?: string
  appProtocol?: string
}

/**
 * `<service>-preview`: the live Service's ports (a ClusterIP, whatever the live one's type: a preview
 * is for tests inside the cluster, and node ports would clash), selecting the new color.
 */
export function previewService(service: KubeObject, color: Color, namespace: string): KubeObject {
  const ports = ((service.spec?.ports as ServicePort[] | undefined) ?? []).map(port => ({
    ...(port.name ? { name: port.name } : {}),
    port: port.port,
    ...(port.targetPort !== undefined ? { targetPort: port.targetPort } : {}),
    protocol: port.protocol ?? 'TCP',
    ...(port.appProtocol ? { appProtocol: port.appProtocol } : {})
  }))
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: previewServiceName(service.metadata.name),
      namespace,
      labels: { [PREVIEW_OF_LABEL]: service.metadata.name }
    },
    spec: { type: 'ClusterIP', ports, selector: { ...selectorOf(service), [COLOR_LABEL]: color } }
  }
}
