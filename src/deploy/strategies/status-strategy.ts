import { displayName, refKey, toRef, type ObjectRef } from '../../kube-object.js'
import type { ManifestObject } from '../../manifests/load.js'
import { planManifests } from '../../manifests/plan.js'
import { versionConfigObjects } from '../../manifests/versioned-config.js'
import { plural } from '../../support/plural.js'
import type { ClusterClient } from '../../cluster/client.js'
import { readLiveObjects } from '../live-objects.js'
import { resolveNamespaces } from '../namespaces.js'
import { readTarget, targetRef } from '../target-kinds.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'

/**
 * `command: status`: changes nothing; reads how the objects of the manifests, the `target` (and the
 * selector's pods) stand now; for an Argo Rollout that is its step, weights and images. The wait is its whole result. Every object is read first: one that does not exist fails
 * the step with "not found", rather than passing as ready (kinds without a rollout are ready once
 * stored) or being waited for until the timeout.
 */
export function statusStrategy(context: StrategyContext): CommandStrategy {
  const { settings, cluster, workspace, noteDone } = context
  /** The object `target` names, read first: one that does not exist is an error, as for the manifests. */
  const observedTarget = async (target: string): Promise<ObjectRef> => {
    const ref = targetRef(target, cluster.namespace)
    await readTarget(cluster.client, ref)
    return ref
  }
  return {
    async plan() {
      const target = settings.target ? [await observedTarget(settings.target)] : []
      if (settings.apply.manifests.length === 0 && !settings.apply.kustomize)
        return { phases: [], observed: target, alwaysWait: true }
      const entries = await planManifests(settings.apply, cluster.kubectl, workspace)
      // A version's name follows from its content alone: the one the last apply of these manifests made.
      versionConfigObjects(entries, cluster.namespace)
      await resolveNamespaces(cluster.client, entries, cluster.namespace)
      noteDone(`${plural(entries.length, 'object')} read from the manifests`)
      await checkAllExist(cluster.client, entries)
      const observed = entries.map(entry => toRef(entry.object))
      const listed = new Set(observed.map(refKey))
      return {
        phases: [],
        observed: [...observed, ...target.filter(ref => !listed.has(refKey(ref)))],
        alwaysWait: true
      }
    },
    undo: () => Promise.resolve({ restored: [], nothingToUndo: 'command: status changes nothing' })
  }
}

async function checkAllExist(client: ClusterClient, entries: ManifestObject[]): Promise<void> {
  const live = await readLiveObjects(
    client,
    entries.map(entry => entry.object)
  )
  const found = new Set(live.map(object => refKey(toRef(object))))
  const absent = entries.filter(entry => !found.has(refKey(toRef(entry.object))))
  if (absent.length === 0) return
  const names = absent.map(({ object, source, line }) => {
    const namespace = object.metadata.namespace ? ` in namespace ${object.metadata.namespace}` : ''
    return `${displayName(toRef(object))}${namespace} (${source}:${line})`
  })
  throw new Error(`not found: ${names.join(', ')}; command: status reports only what exists`)
}
