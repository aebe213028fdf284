import { groupKind, type KubeObject } from '../kube-object.js'
import type { ManifestObject } from '../manifests/load.js'
import { isCustomResourceDefinition } from '../manifests/order.js'
import { crdsByKind } from './schema-check.js'

/**
 * How one object is validated before anything changes:
 * - `server`: a server-side apply dry run where it goes (CRDs, and every object whose namespace exists
 *   or is not created by this apply: the server then says if it is missing);
 * - `stand-in`: bound for a namespace this apply creates, dry-run created in `standIn`, one that exists;
 * - `schema`: a custom resource of a CRD in the same apply, checked against that CRD's schema.
 */
export type ValidationTarget =
  | { check: 'server'; entry: ManifestObject }
  | { check: 'stand-in'; entry: ManifestObject; standIn: string }
  | { check: 'schema'; entry: ManifestObject; crd: KubeObject }

/**
 * Chooses the check of each object. `missing` holds the namespaces this apply creates that do not
 * exist yet, `standIn` the existing namespace to dry-run their objects in. Namespaces must be resolved
 * first for every object whose kind the server knows.
 */
export function validationTargets(
  entries: ManifestObject[],
  missing: Set<string>,
  standIn: string
): ValidationTarget[] {
  const crds = crdsByKind(entries.map(entry => entry.object))
  return entries.map(entry => {
    const crd = isCustomResourceDefinition(entry.object) ? undefined : crds.get(groupKind(entry.object))
    if (crd) return { check: 'schema', entry, crd }
    const namespace = entry.object.metadata.namespace
    if (namespace !== undefined && missing.has(namespace)) return { check: 'stand-in', entry, standIn }
    return { check: 'server', entry }
  })
}
