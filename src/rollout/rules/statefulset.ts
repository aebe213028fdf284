import { describeProblem, judgePods } from '../pod-problems.js'
import { currentPodsOf } from '../revision.js'
import { current, failed, inProgress, notObserved, numberAt, type Rule } from './rule.js'

interface StatefulSetSpec {
  replicas?: number
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } }
}

/**
 * apps/v1 StatefulSet, read as `kubectl rollout status` does: the spec observed, every replica ready
 * (and available when minReadySeconds asks for it), the replicas above the partition updated, and the
 * update revision become the current one. Only pods of the update revision count: right after a
 * restart the old pods are still Ready and prove nothing.
 */
export const statefulSetRule: Rule = ({ object, cluster, policy, clock }) => {
  const spec = (object.spec ?? {}) as StatefulSetSpec
  const desired = spec.replicas ?? 1
  const unobserved = notObserved(object)
  // Counts written for an older spec say nothing about this one: no Ready column yet.
  if (unobserved) return unobserved
  const pods = currentPodsOf(object, cluster)
  const verdict = judgePods(pods, { cluster, policy, clock })
  const extra = { pods: verdict.problems, currentPods: pods }
  const status = object.status
  const ready = numberAt(status, 'readyReplicas')
  const replicas = `${ready}/${desired}`
  if (verdict.failure) {
    return failed(describeProblem(verdict.failure), {
      ...extra,
      replicas
    })
  }
  const available = status?.availableReplicas === undefined ? ready : numberAt(status, 'availableReplicas')
  if (ready < desired) return inProgress(`${ready} of ${desired} replicas ready`, { ...extra, replicas })
  if (available < desired)
    return inProgress(`${available} of ${desired} replicas available`, { ...extra, replicas })
  if (spec.updateStrategy?.type === 'OnDelete') {
    return current(`${ready} of ${desired} replicas ready (OnDelete: pods update when deleted)`, {
      ...extra,
      replicas
    })
  }
  const updated = numberAt(status, 'updatedReplicas')
  const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0
  if (partition > 0) {
    const expected = Math.max(desired - partition, 0)
    return updated < expected
      ? inProgress(`${updated} of ${expected} replicas above partition ${partition} updated`, {
          ...extra,
          replicas
        })
      : current(`${updated} of ${expected} replicas above partition ${partition} updated`, {
          ...extra,
          replicas
        })
  }
  if (updated < desired)
    return inProgress(`${updated} of ${desired} replicas updated`, { ...extra, replicas })
  const updateRevision = status?.updateRevision as string | undefined
  if (updateRevision !== undefined && status?.currentRevision !== updateRevision) {
    return inProgress(`waiting for revision ${updateRevision} to become current`, {
      ...extra,
      replicas
    })
  }
  return current(`${ready} of ${desired} replicas ready`, { ...extra, replicas })
}
