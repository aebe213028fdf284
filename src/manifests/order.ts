import { groupKind, groupOf, type KubeObject } from '../kube-object.js'

/**
 * Kinds other objects depend on, applied before the rest (as flux's ssa and helm order them):
 * identities, configuration and policy a workload reads when it starts.
 */
const CONFIG_KINDS = new Set([
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ResourceQuota',
  'LimitRange',
  'PriorityClass',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim'
])

const RANK = { crd: 0, namespace: 1, config: 2, rest: 3, customResource: 4 } as const

export function isCustomResourceDefinition(object: { apiVersion: string; kind: string }): boolean {
  return object.kind === 'CustomResourceDefinition' && groupOf(object.apiVersion) === 'apiextensions.k8s.io'
}

/** `Kind.group` of the kinds the CRDs in this set define. */
export function definedKinds(objects: KubeObject[]): Set<string> {
  const kinds = new Set<string>()
  for (const object of objects.filter(isCustomResourceDefinition)) {
    const spec = object.spec as { group?: string; names?: { kind?: string } } | undefined
    if (spec?.group && spec.names?.kind) kinds.add(groupKind({ kind: spec.names.kind, group: spec.group }))
  }
  return kinds
}

function rank(object: KubeObject, newKinds: Set<string>): number {
  if (isCustomResourceDefinition(object)) return RANK.crd
  if (object.kind === 'Namespace' && object.apiVersion === 'v1') return RANK.namespace
  if (newKinds.has(groupKind(object))) return RANK.customResource
  if (CONFIG_KINDS.has(object.kind)) return RANK.config
  return RANK.rest
}

/**
 * Splits ordered objects into levels of the same rank: everything in a level may be applied at once,
 * the levels one after the other.
 */
export function applyLevels<T extends { object: KubeObject }>(ordered: T[]): T[][] {
  const newKinds = definedKinds(ordered.map(entry => entry.object))
  const levels: T[][] = []
  let previous: number | undefined
  for (const entry of ordered) {
    const level = rank(entry.object, newKinds)
    if (level !== previous) levels.push([])
    levels[levels.length - 1].push(entry)
    previous = level
  }
  return levels
}

/**
 * Orders objects CRDs → Namespaces → configuration → the rest → custom resources of CRDs in the same
 * set. The sort is stable, so within a rank the order of the files is kept.
 */
export function orderForApply<T extends { object: KubeObject }>(entries: T[]): T[] {
  const newKinds = definedKinds(entries.map(entry => entry.object))
  return entries
    .map((entry, index) => ({ entry, index, rank: rank(entry.object, newKinds) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(item => item.entry)
}
