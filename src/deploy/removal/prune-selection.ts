import { refKey, toRef, type KubeObject } from '../../kube-object.js'
import { VERSIONED_FROM_LABEL } from '../../manifests/versioned-config.js'
import { APPLYSET_PART_OF_LABEL } from './applyset.js'

/** What decides which listed objects a prune deletes. */
export interface PruneScope {
  /** The ApplySet id: only objects labelled part-of it are members. */
  id: string
  /** refKeys of the objects the manifests declare now: kept. */
  declared: Set<string>
  /** Namespaces never pruned: the one the run deploys into, and every one the new set's objects live in. */
  protectedNamespaces: Set<string>
  /**
   * versionLineKey of each versioned ConfigMap/Secret the manifests declare now: its older versions
   * are its history, which `max-version-history` trims once a rollout succeeded (a rollback may need
   * them), not the prune.
   */
  versionLines: Set<string>
}

/** One versioned ConfigMap/Secret across its versions: kind, namespace and the name as written. */
export function versionLineKey(object: KubeObject): string | undefined {
  const base = object.metadata.labels?.[VERSIONED_FROM_LABEL]
  return base === undefined ? undefined : `${object.kind}/${object.metadata.namespace ?? ''}/${base}`
}

/**
 * The members of the set that the manifests no longer declare. Never an object without this set's
 * part-of label (whatever the list returned), never a Namespace that is protected, each once.
 */
export function selectPrunable(listed: KubeObject[], scope: PruneScope): KubeObject[] {
  const chosen = new Map<string, KubeObject>()
  for (const object of listed) {
    const key = refKey(toRef(object))
    if (object.metadata.labels?.[APPLYSET_PART_OF_LABEL] !== scope.id) continue
    if (scope.declared.has(key)) continue
    const line = versionLineKey(object)
    if (line !== undefined && scope.versionLines.has(line)) continue
    if (isNamespace(object) && scope.protectedNamespaces.has(object.metadata.name)) continue
    chosen.set(key, object)
  }
  return [...chosen.values()]
}

function isNamespace(object: KubeObject): boolean {
  return object.kind === 'Namespace' && object.apiVersion === 'v1'
}
