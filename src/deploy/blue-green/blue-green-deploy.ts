import * as core from '@actions/core'
import { displayName, toRef } from '../../kube-object.js'
import type { ManifestObject } from '../../manifests/load.js'
import type { ChangePhase } from '../change-set.js'
import { deleteObjects } from '../removal/deletion.js'
import type { BlueGreenResult, StrategyContext, UndoResult } from '../strategies/command-strategy.js'
import { nextColor, readBlueGreen, type BlueGreenState } from './blue-green-state.js'
import { blueGreenDeployment, colorEntries } from './blue-green-manifests.js'
import { colorName, deploymentRef, previewServiceName, type Color } from './colors.js'
import { previewBackToLive, scaleToZero, switchLiveService } from './color-switch.js'

/** What `strategy: blue-green` makes of an apply. */
export interface BlueGreenDeploy {
  /** The manifests as applied: the color Deployment, the live Service kept, the preview Service. */
  entries: ManifestObject[]
  /** Before the apply: the color's old Deployment (scaled to zero) removed, so the color starts afresh. */
  before: ChangePhase[]
  /** After the apply is ready: on the first deploy, the live Service switched to the first color. */
  after: ChangePhase[]
  /** `deployed` (a preview pending) or, on the first deploy, `promoted`; with the colors, for the summary. */
  result: BlueGreenResult
  /** A failed deploy rejects itself: the new color scaled to zero, the preview back on the live one. */
  undo(): Promise<UndoResult>
}

/**
 * Plans a blue-green deploy, changing nothing: where the Deployment stands, refused while a preview
 * is pending; the new color is the one that is not live. The very first deploy has no live color: its
 * color goes live as soon as it is ready (as the first revision of an Argo Rollout becomes active).
 */
export async function planBlueGreenDeploy(
  context: StrategyContext,
  entries: ManifestObject[]
): Promise<BlueGreenDeploy> {
  const { settings, cluster, noteDone } = context
  const { client, namespace } = cluster
  const deployment = blueGreenDeployment(entries).object
  const name = deployment.metadata.name
  const template = deployment.spec?.template as { metadata?: { labels?: Record<string, string> } } | undefined
  const state = await readBlueGreen(client, {
    name,
    namespace,
    service: settings.blueGreen.service,
    labels: template?.metadata?.labels ?? {},
    declaredServices: entries.map(entry => entry.object).filter(object => object.kind === 'Service')
  })
  // (labels are given, so the state is always read: a Service that cannot be found is an input error)
  if (!state) throw new Error(`deployment/${name}: its blue-green state could not be read`)
  const { pending, live } = state
  if (pending)
    throw new Error(
      `a blue-green preview of deployment/${name} is pending (${pending.color}, deployed ${pending.since}): promote or reject it first`
    )
  const color = nextColor(live)
  const since = new Date().toISOString()
  const applied = colorEntries(entries, { color, live, service: state.service, since, namespace })
  const service = state.service.metadata.name
  const line = live
    ? `blue-green: ${color} (deployment/${colorName(name, color)}) next to the live ${live}; service/${previewServiceName(service)} selects ${color}, service/${service} stays on ${live}`
    : `blue-green: first color ${color} (deployment/${colorName(name, color)}); service/${service} switches to it once it is ready`
  core.info(line)
  noteDone(line)
  const plainLive = await client.get(deploymentRef(name, namespace))
  if (plainLive && !live)
    noteDone(
      `deployment/${name} (not blue-green) is left as it is: once service/${service} selects ${color} it serves no traffic; delete it when done`
    )
  return {
    entries: applied,
    before: restartColor(context, state, color),
    after: live ? [] : [switchPhase(context, state, color)],
    result: live
      ? {
          outcome: 'deployed',
          line: `${color} deployed next to the live ${live}: deployment/${colorName(name, color)} behind service/${previewServiceName(service)}; service/${service} stays on ${live} until promote`
        }
      : {
          outcome: 'promoted',
          line: `${color} is live: service/${service} selects deployment/${colorName(name, color)}`
        },
    undo: () => rejectBySelf(context, state, color)
  }
}

function switchPhase(context: StrategyContext, state: BlueGreenState, color: Color): ChangePhase {
  return {
    name: `switch service/${state.service.metadata.name} to ${color}`,
    apply: () => switchLiveService(context.cluster.client, state, color)
  }
}

/** The color's Deployment left from an earlier round (scaled to zero) goes first: the new one starts clean. */
function restartColor(context: StrategyContext, state: BlueGreenState, color: Color): ChangePhase[] {
  const old = state.colors[color]
  if (!old) return []
  return [
    {
      name: `remove the old ${displayName(toRef(old))}`,
      apply: () =>
        deleteObjects(
          context.cluster.client,
          [{ ref: toRef(old), source: `${color}, scaled to 0`, live: old }],
          { propagation: 'Foreground', action: 'deleted' }
        )
    }
  ]
}

async function rejectBySelf(
  context: StrategyContext,
  state: BlueGreenState,
  color: Color
): Promise<UndoResult> {
  const { client } = context.cluster
  const scaled = await scaleToZero(client, state, color)
  await previewBackToLive(client, state)
  return { restored: [scaled.ref] }
}
