import type { ClusterClient } from '../../cluster/client.js'
import { Inputs } from '../../constants.js'
import type { KubeObject } from '../../kube-object.js'
import { InputError } from '../../support/errors.js'
import {
  appLabels,
  COLORS,
  colorName,
  deploymentRef,
  PREVIEW_OF_LABEL,
  PREVIEW_SINCE_ANNOTATION,
  selectedColor,
  selects,
  specReplicas,
  type Color
} from './colors.js'

/** A color deployed and not yet promoted or rejected. */
export interface PendingPreview {
  color: Color
  deployment: KubeObject
  /** When it was deployed (the preview annotation). */
  since: string
}

/** Where the blue-green of one Deployment stands, read from the cluster. */
export interface BlueGreenState {
  /** The Deployment's name in the manifests and in `target`: `web`. */
  name: string
  namespace: string
  /** The color Deployments that exist. */
  colors: Partial<Record<Color, KubeObject>>
  /** The live Service: as the manifests declare it, else as it is in the cluster. */
  service: KubeObject
  /** The color the live Service selects; undefined before the first switch. */
  live?: Color
  pending?: PendingPreview
}

/**
 * The preview waiting for `promote` or `reject`: a color other than the live one, with replicas, still
 * marked as a preview. An old color in its scale-down delay has replicas but no mark; a rejected or
 * rolled-back one has none.
 */
export function pendingPreview(
  colors: Partial<Record<Color, KubeObject>>,
  live: Color | undefined
): PendingPreview | undefined {
  for (const color of COLORS) {
    const deployment = colors[color]
    const since = deployment?.metadata.annotations?.[PREVIEW_SINCE_ANNOTATION]
    if (color !== live && deployment && since && specReplicas(deployment) > 0)
      return { color, deployment, since }
  }
  return undefined
}

/** The color a new deploy takes: the one that is not live (blue for the very first). */
export function nextColor(live: Color | undefined): Color {
  return live === 'blue' ? 'green' : 'blue'
}

/**
 * The live Service: the one named by `service`, else the one Service whose selector selects the
 * app's pods. Preview Services are never live ones. None or several is an input error asking for it.
 */
export function findLiveService(
  services: KubeObject[],
  labels: Record<string, string>,
  named: string | undefined,
  what: string
): KubeObject {
  if (named) {
    const service = services.find(candidate => candidate.metadata.name === named)
    if (!service)
      throw new InputError(
        Inputs.Service,
        `Service "${named}" is neither in the cluster nor in the manifests`
      )
    return service
  }
  const matching = services.filter(
    service => !service.metadata.labels?.[PREVIEW_OF_LABEL] && selects(service, labels)
  )
  if (matching.length === 1) return matching[0]
  const found =
    matching.length === 0
      ? 'no Service selects its pods'
      : `${matching.length} Services select its pods (${matching.map(service => service.metadata.name).join(', ')})`
  throw new InputError(Inputs.Service, `${found} for ${what}: name the live Service in \`service\``)
}

export interface StateQuery {
  name: string
  namespace: string
  /** The `service` input. */
  service?: string
  /** The app's pod labels (from the manifest); read from a color Deployment when absent. */
  labels?: Record<string, string>
  /** Services of the manifests: they count as live ones before they exist. */
  declaredServices?: KubeObject[]
}

/** Reads where the blue-green of `name` stands; undefined when neither color exists and no labels were given. */
export async function readBlueGreen(
  client: ClusterClient,
  query: StateQuery
): Promise<BlueGreenState | undefined> {
  const { name, namespace } = query
  const colors: Partial<Record<Color, KubeObject>> = {}
  for (const color of COLORS) {
    const deployment = await client.get(deploymentRef(colorName(name, color), namespace))
    if (deployment) colors[color] = deployment
  }
  const existing = colors.blue ?? colors.green
  const labels = query.labels ?? (existing && appLabels(existing))
  if (!labels) return undefined
  const live = await client.list({ apiVersion: 'v1', kind: 'Service', namespace })
  const declared = query.declaredServices ?? []
  const declaredNames = new Set(declared.map(service => service.metadata.name))
  const services = [...declared, ...live.items.filter(service => !declaredNames.has(service.metadata.name))]
  const liveService = findLiveService(services, labels, query.service, `deployment/${name}`)
  // The color is the cluster's: a manifest's Service never names it.
  const inCluster = live.items.find(service => service.metadata.name === liveService.metadata.name)
  const liveColor = selectedColor(inCluster)
  return {
    name,
    namespace,
    colors,
    service: liveService,
    live: liveColor,
    pending: pendingPreview(colors, liveColor)
  }
}
