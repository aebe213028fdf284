import * as core from '@actions/core'
import type { ClusterClient } from '../cluster/client.js'
import { errorMessage } from '../support/errors.js'
import { groupKind, groupOf, type ObjectRef } from '../kube-object.js'
import { usesGenericRule } from './rules/registry.js'

interface CrdVersion {
  name: string
  subresources?: { status?: object }
}

/**
 * The custom kinds among the targets whose CRD declares a status subresource: a controller is
 * expected to report on them, so an object without any status yet is still in progress rather than
 * done. Kinds whose CRD cannot be read keep the plain kstatus reading.
 */
export async function reportingKinds(client: ClusterClient, targets: ObjectRef[]): Promise<Set<string>> {
  const kinds = new Set<string>()
  const seen = new Set<string>()
  for (const ref of targets.filter(usesGenericRule)) {
    const key = groupKind(ref)
    if (seen.has(key)) continue
    seen.add(key)
    try {
      const resource = await client.resource(ref.apiVersion, ref.kind)
      if (!resource) continue
      const crd = await client.get({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        name: `${resource.name}.${groupOf(ref.apiVersion)}`
      })
      const versions = (crd?.spec as { versions?: CrdVersion[] } | undefined)?.versions ?? []
      const version = ref.apiVersion.split('/')[1]
      if (versions.find(entry => entry.name === version)?.subresources?.status) kinds.add(key)
    } catch (error) {
      core.debug(`CRD of ${key}: ${errorMessage(error)}`)
    }
  }
  return kinds
}
