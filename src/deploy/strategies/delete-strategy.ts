import * as core from '@actions/core'
import { apiErrorMessage } from '../../cluster/api-errors.js'
import type { ClusterClient } from '../../cluster/client.js'
import { Inputs } from '../../constants.js'
import { displayName, refKey, toRef, type KubeObject } from '../../kube-object.js'
import { planManifests } from '../../manifests/plan.js'
import { applyLevels, orderForApply } from '../../manifests/order.js'
import { InputError } from '../../support/errors.js'
import { plural } from '../../support/plural.js'
import { logChanges, type Change, type ChangePhase } from '../change-set.js'
import { readLiveObjects } from '../live-objects.js'
import { resolveNamespaces } from '../namespaces.js'
import type { PlannedChange } from '../planned-change.js'
import { deleteObjects, type DeletionTarget } from '../removal/deletion.js'
import { resolveKinds } from '../removal/kinds.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'

/** One object `command: delete` is asked to delete: the manifest (or the listed object), and what lives now. */
interface Doomed {
  object: KubeObject
  source: string
  live?: KubeObject
}

/**
 * `command: delete` (Spinnaker's Delete stage): the objects of the manifests, read and checked as
 * `apply` reads them, or those a `selector` finds among explicit `kinds`. They are deleted in the
 * reverse of the apply order (custom resources, then workloads, configuration, Namespaces, CRDs),
 * one level per phase, each waited on until gone before the next: a custom resource's controller
 * still has its CRD and its Secrets while it finalizes it. Nothing can be put back.
 */
export function deleteStrategy(context: StrategyContext): CommandStrategy {
  const { settings, cluster, noteDone } = context
  const { removal } = settings
  return {
    async plan() {
      const doomed = settings.wait.selector
        ? await selectedObjects(cluster.client, settings.wait.selector, removal.kinds, cluster.namespace)
        : await declaredObjects(context)
      const present = doomed.filter(item => item.live)
      const preview: PlannedChange[] = present.map(item => ({
        ref: toRef(item.object),
        action: 'deleted',
        source: item.source
      }))
      const base = { observed: [], alwaysWait: false, preview, selectorChoosesObjects: true }
      if (settings.dryRun) {
        await checkDeletes(cluster.client, present)
        noteDone(`dry run: ${plural(present.length, 'object')} would be deleted, nothing sent`)
        return { ...base, phases: [] }
      }
      return { ...base, phases: deletionPhases(cluster.client, doomed, removal.propagation) }
    },
    undo: () =>
      Promise.resolve({
        restored: [],
        nothingToUndo: 'command: delete cannot put back what it deleted'
      })
  }
}

/** One phase per level, in the reverse of the apply order. */
function deletionPhases(
  client: ClusterClient,
  doomed: Doomed[],
  propagation: StrategyContext['settings']['removal']['propagation']
): ChangePhase[] {
  return applyLevels(orderForApply(doomed))
    .reverse()
    .map(level => {
      const kinds = [...new Set(level.map(item => item.object.kind))].join(', ')
      const targets: DeletionTarget[] = level.map(item => ({
        ref: toRef(item.object),
        source: item.source,
        live: item.live
      }))
      return {
        name: `delete ${kinds}`,
        apply: async () => {
          const absent = targets.filter(target => !target.live)
          const changes = await deleteObjects(
            client,
            targets.filter(target => target.live),
            { propagation, action: 'deleted' }
          )
          const gone = absent.map(({ ref, source }): Change => ({ ref, action: 'already gone', source }))
          logChanges(gone)
          return [...changes, ...gone]
        }
      }
    })
}

/** The manifests' objects, read and checked as `apply` reads them, with what lives of each now. */
async function declaredObjects(context: StrategyContext): Promise<Doomed[]> {
  const { settings, cluster, workspace, noteDone } = context
  const entries = await planManifests(settings.apply, cluster.kubectl, workspace)
  await resolveNamespaces(cluster.client, entries, cluster.namespace)
  noteDone(`${plural(entries.length, 'object')} read from the manifests`)
  const live = await readLiveObjects(
    cluster.client,
    entries.map(entry => entry.object)
  )
  const byKey = new Map(live.map(object => [refKey(toRef(object)), object]))
  return entries.map(entry => ({
    object: entry.object,
    source: `${entry.source}:${entry.line}`,
    live: byKey.get(refKey(toRef(entry.object)))
  }))
}

/**
 * The objects of the `kinds` that match the selector: in the run's namespace, or cluster-wide for
 * cluster-scoped kinds. Namespaces are never chosen by a selector (name them in manifests).
 */
async function selectedObjects(
  client: ClusterClient,
  selector: string,
  kinds: string[],
  namespace: string
): Promise<Doomed[]> {
  const served = await resolveKinds(client, kinds)
  if (served.some(kind => kind.kind === 'Namespace' && kind.apiVersion === 'v1'))
    throw new InputError(
      Inputs.Kinds,
      'namespaces are not deleted by selector: name them in `manifests` to delete them'
    )
  const doomed: Doomed[] = []
  for (const kind of served) {
    const list = await client.list({
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      namespace: kind.namespaced ? namespace : undefined,
      labelSelector: selector
    })
    for (const object of list.items) doomed.push({ object, source: `selector ${selector}`, live: object })
  }
  core.info(`selector "${selector}" matches ${plural(doomed.length, 'object')} of ${kinds.join(', ')}`)
  return doomed
}

/** A dry run of each delete on the server: what the credentials may not delete fails now. */
async function checkDeletes(client: ClusterClient, present: Doomed[]): Promise<void> {
  for (const item of present) {
    const ref = toRef(item.object)
    await client.delete(ref, { dryRun: true, uid: item.live?.metadata.uid }).catch((error: unknown) => {
      throw new Error(`${item.source}: deleting ${displayName(ref)}: ${apiErrorMessage(error)}`)
    })
    core.info(`${displayName(ref)} would be deleted`)
  }
}
