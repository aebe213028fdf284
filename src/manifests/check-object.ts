import { groupOf, type KubeObject } from '../kube-object.js'
import { ManifestError } from '../support/errors.js'
import { isApiVersion, isDnsLabel, isKind, nameProblem } from './kube-names.js'

/**
 * Checks what a manifest document must be before the server sees it: a mapping with an `apiVersion`
 * and a `kind` the API could serve, a name valid for its kind, and a namespace that is a DNS label.
 * These become API paths and field selectors: checked here, nothing in them can change a URL.
 * A `…List` is checked by its items.
 */
export function checkObject(value: unknown, source: string, line: number): KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManifestError(
      source,
      line,
      'a manifest document must be a mapping with apiVersion, kind and metadata'
    )
  }
  const object = value as Partial<KubeObject>
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '')
    throw new ManifestError(source, line, 'missing apiVersion')
  if (!isApiVersion(object.apiVersion))
    throw new ManifestError(
      source,
      line,
      `apiVersion "${object.apiVersion}" is not group/version or version (e.g. apps/v1, v1)`
    )
  if (typeof object.kind !== 'string' || object.kind === '')
    throw new ManifestError(source, line, 'missing kind')
  if (!isKind(object.kind))
    throw new ManifestError(source, line, `kind "${object.kind}" is not a kind name (e.g. Deployment)`)
  if (object.kind.endsWith('List')) return object as KubeObject
  const metadata = object.metadata as Record<string, unknown> | undefined
  const name = metadata?.name
  if (typeof name !== 'string' || name === '') {
    const hint = metadata?.generateName ? ' (generateName cannot be applied; give a name)' : ''
    throw new ManifestError(source, line, `${object.kind} has no metadata.name${hint}`)
  }
  const problem = nameProblem(object.kind, groupOf(object.apiVersion), name)
  if (problem) throw new ManifestError(source, line, `${object.kind} name "${name}" ${problem}`)
  const namespace = metadata?.namespace
  if (namespace !== undefined && (typeof namespace !== 'string' || !isDnsLabel(namespace)))
    throw new ManifestError(
      source,
      line,
      `${object.kind} ${name}: metadata.namespace ${JSON.stringify(namespace)} is not a namespace name (lowercase letters, digits and -, 63 at most)`
    )
  return object as KubeObject
}
