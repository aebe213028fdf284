import { apiErrorCode } from '../../cluster/api-errors.js'
import type { ClusterClient, WriteResult } from '../../cluster/client.js'
import { REQUESTS_IN_FLIGHT } from '../../cluster/http-transport.js'
import { toRef, type KubeObject } from '../../kube-object.js'
import type { ManifestObject } from '../../manifests/load.js'
import { mapConcurrent } from '../../support/concurrency.js'
import type { PlannedChange } from '../planned-change.js'
import { FIELD_MANAGER } from '../server-side-apply.js'
import type { ValidationTarget } from '../validation-targets.js'
import { objectDiff } from './object-diff.js'

/**
 * What applying the manifests will change, object by object, from the answers of the server check
 * (dry runs already made: no second one) and the live objects, read now:
 * - an object dry-run where it goes: its live version against the server's answer (no live version
 *   to read when the server answered that it would create it);
 * - an object bound for a namespace this apply creates: it cannot exist yet, so it is `created`, and
 *   shown as the manifest says it (the stand-in's answer is about another namespace);
 * - a custom resource of a CRD in the same set: `created` with its manifest when its kind or the
 *   object does not exist yet; when both do, a dry run of its own (against the CRD as it is now).
 *
 * With `server-side: false` the apply is kubectl's client-side three-way merge; the server-side dry
 * run is still a fair preview of it (same defaults and validation), though fields that only the old
 * last-applied annotation owned, and that the manifests dropped, are shown as kept.
 */
export async function applyPreview(
  client: ClusterClient,
  targets: ValidationTarget[],
  answers: Map<ManifestObject, WriteResult>
): Promise<PlannedChange[]> {
  return mapConcurrent(targets, REQUESTS_IN_FLIGHT, async target => {
    const { entry } = target
    const source = `${entry.source}:${entry.line}`
    const ref = toRef(entry.object)
    const planned = (live: KubeObject | undefined, after: KubeObject): PlannedChange => ({
      ref,
      source,
      ...objectDiff(live, after)
    })
    if (target.check === 'stand-in') return planned(undefined, entry.object)
    const answer = answers.get(entry)
    // The server said it would create it: there is no live object to read.
    if (answer?.created) return planned(undefined, answer.object)
    const live = await readLive(client, entry.object)
    if (target.check === 'server') return planned(live, answer?.object ?? entry.object)
    if (!live) return planned(undefined, entry.object)
    const ownAnswer = await client
      .apply(entry.object, { fieldManager: FIELD_MANAGER, dryRun: true, force: true })
      .then(
        result => result.object,
        // The new CRD may allow what the one in the cluster does not yet: the manifest is shown.
        () => entry.object
      )
    return planned(live, ownAnswer)
  })
}

/** The live object; undefined when it, or its kind, does not exist (yet). */
async function readLive(client: ClusterClient, object: KubeObject): Promise<KubeObject | undefined> {
  try {
    return await client.get(toRef(object))
  } catch (error) {
    if (apiErrorCode(error) === 404) return undefined
    throw error
  }
}
