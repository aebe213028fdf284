import type { ClusterClient } from '../cluster/client.js'
import { displayName, type KubeObject } from '../kube-object.js'
import { mapConcurrent } from '../support/concurrency.js'
import type { Change } from './change-set.js'
import { REQUESTS_IN_FLIGHT } from '../cluster/http-transport.js'

/**
 * What a workload's rollout is about: its pod template, else (kinds without one) its whole spec. An
 * autoscaler's replica count is not part of it, so scaling never reads as someone else's change.
 */
export function rolloutSpecOf(object: KubeObject): string {
  const spec = object.spec ?? {}
  return canonicalJson('template' in spec ? spec.template : spec)
}

/**
 * The workloads whose pod template another writer replaced after this run applied it (a second run
 * on the same objects, a person with kubectl): the pods that became ready run their spec, so a
 * success would be about someone else's change. One line each, naming both images when they differ.
 */
export async function supersededSpecs(client: ClusterClient, changes: Change[]): Promise<string[]> {
  const applied = changes.filter(
    (change): change is Change & { applied: KubeObject } => change.applied?.spec?.template !== undefined
  )
  const live = await mapConcurrent(applied, REQUESTS_IN_FLIGHT, change =>
    client.get(change.ref).catch(() => undefined)
  )
  return applied.flatMap((change, index) => {
    const now = live[index]
    if (!now || rolloutSpecOf(now) === rolloutSpecOf(change.applied)) return []
    const theirs = imagesOf(now)
    const ours = imagesOf(change.applied)
    const images = theirs === ours ? '' : ` (it now runs ${theirs}; this run applied ${ours})`
    return [
      `${displayName(change.ref)}: another writer changed its pod template after this run applied it${images}; the rollout is no longer this run's`
    ]
  })
}

function imagesOf(object: KubeObject): string {
  const template = object.spec?.template as { spec?: { containers?: { image?: string }[] } } | undefined
  return (template?.spec?.containers ?? []).map(container => container.image ?? '?').join(', ')
}

/** JSON with keys sorted: two reads of the same spec compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) =>
    field && typeof field === 'object' && !Array.isArray(field)
      ? Object.fromEntries(Object.entries(field).sort(([a], [b]) => a.localeCompare(b)))
      : field
  )
}
