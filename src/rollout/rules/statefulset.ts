import { current, inProgress, notObserved, numberAt, type StatusRule } from './rule.js'

/** apps/v1 StatefulSet: replicas ready and on the update revision (respecting a partition). */
export const statefulSetStatus: StatusRule = object => {
  const unobserved = notObserved(object)
  if (unobserved) return unobserved
  const spec = object.spec as
    | { replicas?: number; updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } } }
    | undefined
  const desired = spec?.replicas ?? 1
  const status = object.status
  const ready = numberAt(status, 'readyReplicas')
  const available = status?.availableReplicas === undefined ? ready : numberAt(status, 'availableReplicas')
  if (ready < desired) return inProgress(`${ready} of ${desired} replicas ready`)
  if (available < desired) return inProgress(`${available} of ${desired} replicas available`)
  if (spec?.updateStrategy?.type === 'OnDelete')
    return current(`${ready} of ${desired} replicas ready (OnDelete)`)
  const partition = spec?.updateStrategy?.rollingUpdate?.partition ?? 0
  const updated = numberAt(status, 'updatedReplicas')
  if (partition > 0) {
    const expected = Math.max(desired - partition, 0)
    return updated < expected
      ? inProgress(`${updated} of ${expected} partitioned replicas updated`)
      : current(`${updated} of ${expected} partitioned replicas updated`)
  }
  if (updated < desired) return inProgress(`${updated} of ${desired} replicas updated`)
  if (status?.updateRevision !== undefined && status.currentRevision !== status.updateRevision) {
    return inProgress('waiting for the update revision to become current')
  }
  return current(`${ready} of ${desired} replicas ready`)
}
