import { displayName, toRef, type KubeObject } from '../kube-object.js'
import { ManifestError } from '../support/errors.js'
import { objectConfigReferences, type ConfigKind } from './config-references.js'
import { contentHash } from './content-hash.js'
import type { ManifestObject } from './load.js'

/** `"true"` on a ConfigMap or Secret: applied as `<name>-<content hash>`, every reference rewritten. */
export const VERSIONED_ANNOTATION = 'kube-deploy.dev/versioned'
/** How many versions to keep, the one just applied included; absent: every version is kept. */
export const MAX_HISTORY_ANNOTATION = 'kube-deploy.dev/max-version-history'
/** On every version, the name as written: the versions of one object are listed by it. */
export const VERSIONED_FROM_LABEL = 'kube-deploy.dev/versioned-from'

/** The longest name a ConfigMap or Secret may have (a DNS subdomain). */
const MAX_NAME_LENGTH = 253
/** A label value's limit: the name as written is one (VERSIONED_FROM_LABEL). */
const MAX_LABEL_VALUE_LENGTH = 63

/** One ConfigMap or Secret this deploy applies as a version. */
export interface ConfigVersion {
  kind: ConfigKind
  namespace: string
  /** The name as written in the manifest, shared by all its versions. */
  name: string
  /** The name it is applied under: `<name>-<content hash>`. */
  versionName: string
  /** Versions to keep after a successful rollout; undefined: keep them all. */
  maxHistory?: number
  /** The objects of the set whose pod specs were pointed at it: `deployment/web`. */
  referencedBy: string[]
}

/**
 * Renames every ConfigMap and Secret marked `kube-deploy.dev/versioned: "true"` to
 * `<name>-<content hash>` (see contentHash), labels it with the name it was written under, and points
 * every reference to it from a pod spec of the same set and namespace at the new name: a change of
 * its content is then a change of the pod template, and the pods roll. References to objects outside
 * the set stay as written. Changes the entries in place; runs before validation, so the server checks
 * what will be sent. `namespace` is where objects that name none go.
 */
export function versionConfigObjects(entries: ManifestObject[], namespace: string): ConfigVersion[] {
  const versions: ConfigVersion[] = []
  for (const entry of entries) {
    const version = versionOf(entry, namespace)
    if (version) versions.push(version)
  }
  if (versions.length === 0) return versions
  const renamed = new Map(
    versions.map(version => [referenceKey(version.kind, version.namespace, version.name), version])
  )
  for (const { object } of entries) {
    const objectNamespace = object.metadata.namespace ?? namespace
    for (const reference of objectConfigReferences(object)) {
      const target = renamed.get(
        referenceKey(reference.kind, objectNamespace, reference.holder[reference.field] as string)
      )
      if (!target) continue
      reference.holder[reference.field] = target.versionName
      const holder = displayName(toRef(object))
      if (!target.referencedBy.includes(holder)) target.referencedBy.push(holder)
    }
  }
  return versions
}

function versionOf(entry: ManifestObject, namespace: string): ConfigVersion | undefined {
  const { object, source, line } = entry
  const annotations = object.metadata.annotations ?? {}
  const marked = annotations[VERSIONED_ANNOTATION]
  const history = annotations[MAX_HISTORY_ANNOTATION]
  const what = `${object.kind} ${object.metadata.name}`
  if (!isConfigKind(object)) {
    if (marked !== undefined || history !== undefined)
      throw new ManifestError(
        source,
        line,
        `${what}: ${VERSIONED_ANNOTATION} and ${MAX_HISTORY_ANNOTATION} apply to ConfigMaps and Secrets (v1) only`
      )
    return undefined
  }
  if (marked !== undefined && marked !== 'true' && marked !== 'false')
    throw new ManifestError(
      source,
      line,
      `${what}: ${VERSIONED_ANNOTATION} is "${marked}"; expected "true" or "false"`
    )
  if (marked !== 'true') {
    if (history !== undefined)
      throw new ManifestError(
        source,
        line,
        `${what}: ${MAX_HISTORY_ANNOTATION} needs ${VERSIONED_ANNOTATION}: "true"`
      )
    return undefined
  }
  const maxHistory = history === undefined ? undefined : historyLimit(history)
  if (maxHistory === null)
    throw new ManifestError(
      source,
      line,
      `${what}: ${MAX_HISTORY_ANNOTATION} is "${history}"; expected a whole number of versions, 1 or more`
    )
  const name = object.metadata.name
  if (name.length > MAX_LABEL_VALUE_LENGTH)
    throw new ManifestError(
      source,
      line,
      `${what}: a versioned name may have at most ${MAX_LABEL_VALUE_LENGTH} characters (it is the value of the label ${VERSIONED_FROM_LABEL})`
    )
  const versionName = `${name}-${contentHash(object)}`
  if (versionName.length > MAX_NAME_LENGTH)
    throw new ManifestError(source, line, `${what}: the versioned name ${versionName} is too long`)
  object.metadata.name = versionName
  object.metadata.labels = { ...object.metadata.labels, [VERSIONED_FROM_LABEL]: name }
  return {
    kind: object.kind,
    namespace: object.metadata.namespace ?? namespace,
    name,
    versionName,
    maxHistory,
    referencedBy: []
  }
}

/** `"3"` → 3; anything but a whole number of 1 or more → null. */
function historyLimit(text: string): number | null {
  return /^[1-9][0-9]{0,5}$/.test(text.trim()) ? Number(text.trim()) : null
}

function isConfigKind(object: KubeObject): object is KubeObject & { kind: ConfigKind } {
  return object.apiVersion === 'v1' && (object.kind === 'ConfigMap' || object.kind === 'Secret')
}

function referenceKey(kind: ConfigKind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`
}

/** `configmap/web-config applied as web-config-2g27552bdm (referenced by deployment/web)`. */
export function describeVersion(version: ConfigVersion): string {
  const name = displayName({ apiVersion: 'v1', kind: version.kind, name: version.name })
  const users = version.referencedBy.length > 0 ? version.referencedBy.join(', ') : 'nothing in this set'
  return `${name} applied as ${version.versionName} (referenced by ${users})`
}
