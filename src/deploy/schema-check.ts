import { groupKind, groupOf, type KubeObject } from '../kube-object.js'
import type { ManifestObject } from '../manifests/load.js'
import { isCustomResourceDefinition } from '../manifests/order.js'
import { ManifestError } from '../support/errors.js'
import type { SchemaProps } from './schema/schema-props.js'
import {
  applyDefaults,
  embeddedResourceProblems,
  unknownFields,
  type ApplyMode
} from './schema/structural.js'
import { checkValues } from './schema/values.js'

/** Problems shown in one error; the rest are counted. */
const SHOWN_PROBLEMS = 5

interface CrdVersion {
  name: string
  served?: boolean
  schema?: { openAPIV3Schema?: SchemaProps }
  subresources?: { status?: unknown }
}

interface CrdSpec {
  group?: string
  names?: { kind?: string }
  versions?: CrdVersion[]
  preserveUnknownFields?: boolean
}

/** The CRDs of a set by the `Kind.group` they define. */
export function crdsByKind(objects: KubeObject[]): Map<string, KubeObject> {
  const crds = new Map<string, KubeObject>()
  for (const crd of objects.filter(isCustomResourceDefinition)) {
    const spec = crd.spec as CrdSpec | undefined
    if (spec?.group && spec.names?.kind)
      crds.set(groupKind({ kind: spec.names.kind, group: spec.group }), crd)
  }
  return crds
}

/**
 * Checks a custom resource against the CRD in the same apply that defines its kind. Such an object
 * cannot be dry-run on the server before its CRD is Established, that is before the cluster changed;
 * so it is checked here as the apiserver will check it when it is created (client-side apply) or
 * applied (server-side apply, `mode`; the two differ in small ways): the version must be served, fields
 * the schema does not declare are errors (kubectl asks for fieldValidation=Strict), defaults are
 * filled in, then values are validated. Throws a ManifestError naming the file, line and fields.
 * Not seen here: CEL rules (`x-kubernetes-validations`), conversion and admission webhooks, and
 * ObjectMeta's own rules beyond its field names; the apply still meets those on the server.
 */
export function checkAgainstCrd(entry: ManifestObject, crd: KubeObject, mode: ApplyMode): void {
  const problems = crdSchemaProblems(entry.object, crd, mode)
  if (problems.length === 0) return
  const shown = problems.slice(0, SHOWN_PROBLEMS).join('; ')
  const more = problems.length > SHOWN_PROBLEMS ? ` (and ${problems.length - SHOWN_PROBLEMS} more)` : ''
  throw new ManifestError(
    entry.source,
    entry.line,
    `${entry.object.kind} "${entry.object.metadata.name}" does not match the schema of ` +
      `CustomResourceDefinition ${crd.metadata.name}: ${shown}${more}`
  )
}

/** What the apiserver would refuse in `object`, one message per problem (empty: it is valid). */
export function crdSchemaProblems(object: KubeObject, crd: KubeObject, mode: ApplyMode): string[] {
  const spec = (crd.spec ?? {}) as CrdSpec
  const versionName = object.apiVersion.slice(groupOf(object.apiVersion).length + 1)
  const version = spec.versions?.find(candidate => candidate.name === versionName)
  if (!version) {
    const defined = (spec.versions ?? []).map(candidate => candidate.name).join(', ')
    return [`the CRD defines no version ${versionName} (it defines ${defined || 'none'})`]
  }
  if (version.served === false) return [`version ${versionName} is not served by the CRD`]
  const schema = version.schema?.openAPIV3Schema
  if (!schema) return []
  const copy = structuredClone(object) as Record<string, unknown>
  const unknown = spec.preserveUnknownFields ? [] : unknownFields(copy, schema, mode)
  applyDefaults(copy, schema, mode)
  // With a status subresource the server drops status on create and update through the main
  // endpoint: its values are never validated there (its field names still are, when decoded).
  if (version.subresources?.status !== undefined) delete copy.status
  const values = [...checkValues(copy, schema, ''), ...embeddedResourceProblems(copy, schema, '')]
  return [
    ...unknown.map(path => `unknown field "${path}"`),
    ...values.map(problem => (problem.path ? `${problem.path}: ${problem.message}` : problem.message))
  ]
}
