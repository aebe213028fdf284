import type { KubeObject } from '../../kube-object.js'
import type { NamespaceView } from '../snapshot.js'

/** Argo Rollouts labels each ReplicaSet with the hash that status.stableRS / currentPodHash name. */
const HASH_LABEL = 'rollouts-pod-template-hash'

interface CanaryStep {
  setWeight?: number
}

interface RolloutSpec {
  template?: PodTemplate
  strategy?: {
    canary?: { steps?: CanaryStep[]; trafficRouting?: unknown }
    blueGreen?: unknown
  }
}

interface RolloutStatus {
  abort?: boolean
  currentStepIndex?: number
  currentPodHash?: string
  stableRS?: string
  availableReplicas?: number
  canary?: { weights?: { canary?: { weight?: number } } }
  blueGreen?: { activeSelector?: string; previewSelector?: string }
}

interface PodTemplate {
  spec?: { containers?: { name: string; image?: string }[] }
}

/** One version of the pods: its role in the rollout, the ReplicaSet that holds it and what it runs. */
export interface RolloutVersion {
  role: 'stable' | 'canary' | 'active' | 'preview'
  replicaSet?: string
  /** `image`, or `name=image, name=image` for several containers. */
  images: string
}

/**
 * Where a Rollout stands, read as the plugin's `kubectl argo rollouts get rollout` does
 * (`NewRolloutInfo`, `GetCurrentSetWeight`): the canary step, the weight the steps set and the one the
 * pods (or the traffic router) give, and the images of each version.
 */
export interface RolloutProgress {
  strategy?: 'canary' | 'blue-green'
  /** `1/4`: the current step index over the number of steps (a canary with steps). */
  step?: string
  /** The weight the steps have set so far: 100 past the last step, 0 once aborted. */
  setWeight?: number
  /** The canary's share: from the traffic router, else its available pods over all available pods. */
  actualWeight?: number
  versions: RolloutVersion[]
}

export function rolloutProgress(rollout: KubeObject, cluster: NamespaceView): RolloutProgress {
  const spec = (rollout.spec ?? {}) as RolloutSpec
  const status = (rollout.status ?? {}) as RolloutStatus
  const replicaSets = cluster.ownedOf(rollout, 'ReplicaSet')
  const byHash = (hash: string | undefined): KubeObject | undefined =>
    hash ? replicaSets.find(replicaSet => replicaSet.metadata.labels?.[HASH_LABEL] === hash) : undefined
  const version = (role: RolloutVersion['role'], hash: string | undefined): RolloutVersion | undefined => {
    const replicaSet = byHash(hash)
    const owned = replicaSet?.spec?.template as PodTemplate | undefined
    const template = owned ?? (role === 'stable' ? undefined : spec.template)
    if (!template) return undefined
    return { role, replicaSet: replicaSet?.metadata.name, images: imagesOf(template) }
  }
  const versions = (...entries: (RolloutVersion | undefined)[]): RolloutVersion[] =>
    entries.filter((entry): entry is RolloutVersion => entry !== undefined)
  const { stableRS: stable, currentPodHash: current } = status

  const canary = spec.strategy?.canary
  if (canary) {
    const steps = canary.steps ?? []
    const index = status.currentStepIndex ?? 0
    const atStep = index < steps.length
    const canaryHash = current !== stable ? current : undefined
    const setWeight = status.abort ? 0 : atStep ? weightSetAt(steps, index) : 100
    const available = status.availableReplicas ?? 0
    const canaryAvailable = Number(byHash(canaryHash)?.status?.availableReplicas ?? 0)
    const actualWeight = !atStep
      ? 100
      : available === 0
        ? 0
        : canary.trafficRouting
          ? (status.canary?.weights?.canary?.weight ?? setWeight)
          : Math.floor((canaryAvailable * 100) / available)
    return {
      strategy: 'canary',
      step:
        status.currentStepIndex !== undefined && steps.length > 0 ? `${index}/${steps.length}` : undefined,
      setWeight,
      actualWeight,
      versions: versions(version('stable', stable), canaryHash ? version('canary', canaryHash) : undefined)
    }
  }
  if (spec.strategy?.blueGreen) {
    const active = status.blueGreen?.activeSelector ?? stable
    const preview = status.blueGreen?.previewSelector ?? current
    return {
      strategy: 'blue-green',
      versions: versions(
        version('active', active),
        preview && preview !== active ? version('preview', preview) : undefined
      )
    }
  }
  return { versions: [] }
}

/** The last setWeight at or before the current step (GetCurrentSetWeight); 0 before the first one. */
function weightSetAt(steps: CanaryStep[], index: number): number {
  for (let at = index; at >= 0; at--) {
    const weight = steps[at]?.setWeight
    if (typeof weight === 'number') return weight
  }
  return 0
}

function imagesOf(template: PodTemplate): string {
  const containers = template.spec?.containers ?? []
  if (containers.length === 1) return containers[0].image ?? '?'
  return containers.map(container => `${container.name}=${container.image ?? '?'}`).join(', ')
}

/** `canary step 1/4, weight 25 (actual 25); stable fx/web:1.0.0, canary fx/web:1.1.0`; '' when unknown. */
export function describeRolloutProgress(progress: RolloutProgress): string {
  const parts: string[] = []
  if (progress.strategy === 'canary') {
    const step = progress.step ? ` step ${progress.step}` : ''
    parts.push(`canary${step}, weight ${progress.setWeight} (actual ${progress.actualWeight})`)
  } else if (progress.strategy === 'blue-green') {
    parts.push('blue-green')
  }
  if (progress.versions.length > 0)
    parts.push(progress.versions.map(version => `${version.role} ${version.images}`).join(', '))
  return parts.join('; ')
}
