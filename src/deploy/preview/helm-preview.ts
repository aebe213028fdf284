import * as core from '@actions/core'
import { apiErrorCode, apiErrorMessage } from '../../cluster/api-errors.js'
import type { ClusterClient } from '../../cluster/client.js'
import { REQUESTS_IN_FLIGHT } from '../../cluster/http-transport.js'
import { displayName, toRef } from '../../kube-object.js'
import { parseManifests } from '../../manifests/load.js'
import { mapConcurrent } from '../../support/concurrency.js'
import { oneLine } from '../../support/untrusted-text.js'
import type { PlannedChange } from '../planned-change.js'
import { resolveNamespaces } from '../namespaces.js'
import { FIELD_MANAGER } from '../server-side-apply.js'
import { objectDiff } from './object-diff.js'

const HOOK_ANNOTATION = 'helm.sh/hook'

/**
 * What a helm upgrade will change, from the chart as `helm template` renders it (no helm plugin):
 * each rendered object is dry-run on the server (server-side apply, forced, as this action's field
 * manager) and its answer compared with the live object. Hooks and tests are left out: helm runs
 * them, it does not keep them as part of the release. helm's own upgrade is a three-way merge
 * against the previous release; the dry run is a fair preview of it (same defaults and validation),
 * though a field only an older chart version set, and this one dropped, is shown as kept.
 */
export async function helmPreview(
  client: ClusterClient,
  rendered: string,
  namespace: string,
  release: string
): Promise<PlannedChange[]> {
  const source = `helm release ${release}`
  const entries = parseManifests(rendered, 'helm template').filter(
    entry => entry.object.metadata.annotations?.[HOOK_ANNOTATION] === undefined
  )
  return mapConcurrent(entries, REQUESTS_IN_FLIGHT, async entry => {
    // A kind the server does not serve yet (a CRD the chart installs) is left as rendered.
    await resolveNamespaces(client, [entry], namespace).catch(() => undefined)
    const { object } = entry
    const ref = toRef(object)
    const live = await client.get(ref).catch((error: unknown) => {
      if (apiErrorCode(error) === 404) return undefined
      throw error
    })
    const answer = await client
      .apply(object, { fieldManager: FIELD_MANAGER, dryRun: true, force: true })
      .then(
        result => result.object,
        (error: unknown) => {
          if (apiErrorCode(error) === undefined) throw error
          // helm applies without strict field validation, and may install the CRD first: the
          // rendered object is shown as it is, and the log says why it was not dry-run.
          core.info(
            `${displayName(ref)}: previewed from the chart, not dry-run: ${oneLine(apiErrorMessage(error))}`
          )
          return undefined
        }
      )
    return { ref, source, ...objectDiff(live, answer ?? object) }
  })
}
