import * as core from '@actions/core'
import type { ClusterClient } from '../../cluster/client.js'
import { displayName, toRef, withoutManagedFields } from '../../kube-object.js'
import { FIELD_MANAGER } from '../server-side-apply.js'
import { previewService } from './blue-green-manifests.js'
import type { Change } from '../change-set.js'
import type { BlueGreenState } from './blue-green-state.js'
import {
  COLOR_LABEL,
  colorName,
  deploymentRef,
  PREVIEW_SINCE_ANNOTATION,
  selectorOf,
  serviceRef,
  SWITCH_MANAGER,
  type Color
} from './colors.js'

/**
 * Points the live Service at `color`, then takes the preview mark off that color: it is the live one
 * now. The selector is written by server-side apply under a field manager of its own (forced: the
 * apply that last wrote the Service may own the old color), so that the color stays when the Service's
 * manifest, which never names it, is applied again.
 */
export async function switchLiveService(
  client: ClusterClient,
  state: BlueGreenState,
  color: Color
): Promise<Change[]> {
  const ref = serviceRef(state.service.metadata.name, state.namespace)
  const previous = await client.get(ref)
  const { object } = await client.apply(
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: ref.name, namespace: state.namespace },
      spec: { selector: { ...selectorOf(previous), [COLOR_LABEL]: color } }
    },
    { fieldManager: SWITCH_MANAGER, force: true }
  )
  core.info(`${displayName(ref)} now selects ${COLOR_LABEL}=${color}`)
  const promoted = deploymentRef(colorName(state.name, color), state.namespace)
  await client.patchMerge(
    promoted,
    { metadata: { annotations: { [PREVIEW_SINCE_ANNOTATION]: null } } },
    { fieldManager: SWITCH_MANAGER }
  )
  return [
    {
      ref,
      action: 'configured',
      source: `${color} live`,
      previous: previous && withoutManagedFields(previous),
      applied: withoutManagedFields(object)
    }
  ]
}

/** Scales a color to zero: what is left of it after its scale-down delay, or after a failed deploy. */
export async function scaleToZero(
  client: ClusterClient,
  state: BlueGreenState,
  color: Color
): Promise<Change> {
  const ref = deploymentRef(colorName(state.name, color), state.namespace)
  await client.patchMerge(ref, { spec: { replicas: 0 } }, { fieldManager: SWITCH_MANAGER })
  core.info(`${displayName(ref)} scaled to 0`)
  return { ref, action: 'configured', source: `${color} scaled down` }
}

/**
 * Points the preview Service back at the live color (as Argo's preview Service points at the active
 * ReplicaSet when nothing is in preview), written whole by the apply's own field manager, which owns
 * it: the next deploy's apply of it then meets no other owner. Without a live color it stays.
 */
export async function previewBackToLive(client: ClusterClient, state: BlueGreenState): Promise<Change[]> {
  if (!state.live) return []
  const preview = previewService(state.service, state.live, state.namespace)
  const ref = toRef(preview)
  const previous = await client.get(ref)
  if (!previous) return []
  await client.apply(preview, { fieldManager: FIELD_MANAGER, force: true })
  core.info(`${displayName(ref)} selects the live ${state.live} again`)
  return [
    { ref, action: 'configured', source: `${state.live} live`, previous: withoutManagedFields(previous) }
  ]
}
