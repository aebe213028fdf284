import * as core from '@actions/core'
import { apiErrorMessage } from '../cluster/api-errors.js'
import type { ClusterClient } from '../cluster/client.js'
import type { KubeObject } from '../kube-object.js'
import { objectConfigReferences } from '../manifests/config-references.js'
import { VERSIONED_FROM_LABEL, type ConfigVersion } from '../manifests/versioned-config.js'
import { plural } from '../support/plural.js'

/**
 * The kinds whose pod specs may still name an older version: the workloads, the ReplicaSets a
 * Deployment keeps for `kubectl rollout undo`, the ControllerRevisions StatefulSets and DaemonSets keep
 * for theirs, and the pods themselves. A version any of them names is never deleted.
 */
const REFERRING_KINDS = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'batch/v1', kind: 'CronJob' },
  { apiVersion: 'v1', kind: 'Pod' }
]

/**
 * Which versions go: all but the newest `keep` (by creationTimestamp; the one just applied counts
 * among them whatever its timestamp) and all that something still references. Versions already being
 * deleted are left to the deletion under way.
 */
export function versionsToDelete(
  versions: KubeObject[],
  keep: number,
  justApplied: string,
  referenced: ReadonlySet<string>
): KubeObject[] {
  const newestFirst = versions
    .filter(version => !version.metadata.deletionTimestamp)
    .sort((a, b) => {
      if (a.metadata.name === justApplied) return -1
      if (b.metadata.name === justApplied) return 1
      const byTime = createdAt(b) - createdAt(a)
      return byTime !== 0 ? byTime : b.metadata.name.localeCompare(a.metadata.name)
    })
  return newestFirst.slice(keep).filter(version => !referenced.has(version.metadata.name))
}

function createdAt(object: KubeObject): number {
  const time = object.metadata.creationTimestamp
  return time ? new Date(time).getTime() : 0
}

/** The names of the ConfigMaps (or Secrets) that the pod specs of these objects reference. */
export function referencedNames(objects: KubeObject[], kind: ConfigVersion['kind']): Set<string> {
  const names = new Set<string>()
  for (const object of objects)
    for (const reference of objectConfigReferences(object))
      if (reference.kind === kind) names.add(reference.holder[reference.field] as string)
  return names
}

/**
 * After a successful rollout: for each version with a `max-version-history`, deletes the versions
 * beyond it that nothing in the namespace references any more (each by its uid, so a namesake
 * created meanwhile stays). When what refers to the versions cannot be read, nothing is deleted: a
 * rollback must always find the version it returns to. Never fails the run: a version that could not
 * be deleted is a warning. Returns one line per object whose history was trimmed.
 */
export async function trimVersionHistory(
  client: ClusterClient,
  versions: ConfigVersion[]
): Promise<string[]> {
  const done: string[] = []
  const holders = new Map<string, Promise<KubeObject[]>>()
  for (const version of versions) {
    if (version.maxHistory === undefined) continue
    const what = `${version.kind.toLowerCase()}/${version.name}`
    try {
      const listed = await client.list({
        apiVersion: 'v1',
        kind: version.kind,
        namespace: version.namespace,
        labelSelector: `${VERSIONED_FROM_LABEL}=${version.name}`
      })
      // Only history this run added to: a version that was never stored (a run that applied nothing)
      // leaves the older ones alone.
      const applied = listed.items.some(item => item.metadata.name === version.versionName)
      if (!applied || listed.items.length <= version.maxHistory) continue
      if (!holders.has(version.namespace))
        holders.set(version.namespace, readHolders(client, version.namespace))
      const referenced = referencedNames(
        await (holders.get(version.namespace) as Promise<KubeObject[]>),
        version.kind
      )
      const doomed = versionsToDelete(listed.items, version.maxHistory, version.versionName, referenced)
      const deleted: string[] = []
      for (const old of doomed) {
        try {
          await client.delete(
            { apiVersion: 'v1', kind: version.kind, namespace: version.namespace, name: old.metadata.name },
            { uid: old.metadata.uid }
          )
          deleted.push(old.metadata.name)
        } catch (error) {
          core.warning(`${what}: old version ${old.metadata.name} not deleted: ${apiErrorMessage(error)}`)
        }
      }
      const kept = listed.items.length - doomed.length
      const line = `${what}: ${plural(kept, 'version')} kept (at most ${version.maxHistory}, and any still referenced)${deleted.length > 0 ? `; deleted ${deleted.join(', ')}` : ''}`
      core.info(line)
      done.push(line)
    } catch (error) {
      core.warning(`${what}: old versions not deleted: ${apiErrorMessage(error)}`)
    }
  }
  return done
}

/** Every object of the namespace whose pod spec may name a version (see REFERRING_KINDS). */
async function readHolders(client: ClusterClient, namespace: string): Promise<KubeObject[]> {
  const lists = await Promise.all(
    REFERRING_KINDS.map(kind =>
      client.list({ ...kind, namespace }).catch((error: unknown) => {
        throw new Error(
          `reading ${kind.kind}s to find what still uses an old version: ${apiErrorMessage(error)}`
        )
      })
    )
  )
  return lists.flatMap(list => list.items)
}
