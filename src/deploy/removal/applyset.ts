import { createHash } from 'node:crypto'
import { ACTION_VERSION } from '../../constants.js'
import type { KubeObject, ObjectRef } from '../../kube-object.js'

/**
 * The labels and annotations of an ApplySet, as KEP-3659 defines them and `kubectl apply --prune
 * --applyset` writes them: whichever tool applies the set next reads the same parent and members.
 */
export const APPLYSET_ID_LABEL = 'applyset.kubernetes.io/id'
export const APPLYSET_PART_OF_LABEL = 'applyset.kubernetes.io/part-of'
export const APPLYSET_TOOLING = 'applyset.kubernetes.io/tooling'
export const APPLYSET_GROUP_KINDS = 'applyset.kubernetes.io/contains-group-kinds'
export const APPLYSET_NAMESPACES = 'applyset.kubernetes.io/additional-namespaces'

/** `<tool>/<version>` in the tooling annotation; another tool's set is never changed. */
export const TOOL_NAME = 'kube-deploy'
export const TOOLING = `${TOOL_NAME}/v${ACTION_VERSION}`

/** The ApplySet of a run: its parent Secret, and the id every member is labelled with. */
export interface ApplySet {
  parent: ObjectRef
  id: string
}

/** The ApplySet whose parent is the Secret `name` in `namespace` (kubectl's default parent kind). */
export function applySetOf(name: string, namespace: string): ApplySet {
  const parent = { apiVersion: 'v1', kind: 'Secret', name, namespace }
  return { parent, id: applySetId(name, namespace, 'Secret', '') }
}

/**
 * The id as KEP-3659 computes it: `applyset-<base64url(sha256(<name>.<namespace>.<Kind>.<group>))>-v1`,
 * unpadded, the core group being the empty string.
 */
export function applySetId(name: string, namespace: string, kind: string, group: string): string {
  const digest = createHash('sha256').update(`${name}.${namespace}.${kind}.${group}`).digest('base64url')
  return `applyset-${digest}-v1`
}

/** What a parent says the set held: its `Kind.group`s and its namespaces besides the parent's own. */
export interface ApplySetContents {
  groupKinds: string[]
  namespaces: string[]
}

/**
 * Reads the existing parent, refusing one this tool must not change: another tool's set (as kubectl
 * refuses one whose tooling is not kubectl), or an object of that name that is no ApplySet parent or
 * carries another id. No parent yet is an empty set.
 */
export function readParent(set: ApplySet, parent: KubeObject | undefined): ApplySetContents {
  if (!parent) return { groupKinds: [], namespaces: [] }
  const where = `secret/${set.parent.name} in namespace ${set.parent.namespace ?? ''}`
  const id = parent.metadata.labels?.[APPLYSET_ID_LABEL]
  if (id === undefined)
    throw new Error(
      `${where} exists and is not an ApplySet parent (no ${APPLYSET_ID_LABEL} label); choose another \`applyset\` name`
    )
  if (id !== set.id)
    throw new Error(
      `${where} is the parent of another ApplySet (${APPLYSET_ID_LABEL}: ${id}, expected ${set.id})`
    )
  const annotations = parent.metadata.annotations ?? {}
  const tooling = annotations[APPLYSET_TOOLING]
  if (tooling !== undefined && !tooling.startsWith(`${TOOL_NAME}/`))
    throw new Error(
      `${where} is the ApplySet of another tool (${APPLYSET_TOOLING}: ${tooling}); kube-deploy does not change it`
    )
  return {
    groupKinds: splitList(annotations[APPLYSET_GROUP_KINDS]),
    namespaces: splitList(annotations[APPLYSET_NAMESPACES])
  }
}

/** The parent as server-side apply sends it: id label, tooling, and the set's kinds and namespaces. */
export function parentObject(set: ApplySet, contents: ApplySetContents): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: set.parent.name,
      namespace: set.parent.namespace,
      labels: { [APPLYSET_ID_LABEL]: set.id },
      annotations: {
        [APPLYSET_TOOLING]: TOOLING,
        [APPLYSET_GROUP_KINDS]: joinList(contents.groupKinds),
        [APPLYSET_NAMESPACES]: joinList(
          contents.namespaces.filter(namespace => namespace !== set.parent.namespace)
        )
      }
    }
  }
}

/** Two sets' contents together: the parent is widened to this before an apply, so no member is ever unlisted. */
export function unionOf(a: ApplySetContents, b: ApplySetContents): ApplySetContents {
  return {
    groupKinds: [...a.groupKinds, ...b.groupKinds],
    namespaces: [...a.namespaces, ...b.namespaces]
  }
}

/** Sorted, without duplicates or blanks, comma-separated: how kubectl writes both lists. */
function joinList(values: string[]): string {
  return [...new Set(values.filter(value => value !== ''))].sort().join(',')
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(entry => entry.trim())
    .filter(entry => entry !== '')
}
