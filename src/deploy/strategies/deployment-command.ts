import type { ObjectRef } from '../../kube-object.js'
import { readBlueGreen } from '../blue-green/blue-green-state.js'
import { blueGreenPromotion } from '../blue-green/blue-green-promote.js'
import { blueGreenRejection } from '../blue-green/blue-green-reject.js'
import { canaryCommand } from '../canary/canary-commands.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'

/** `promote` or `reject` of a Deployment's pending new version. */
export type DeploymentVerb = 'promote' | 'reject'

/**
 * One way a plain Deployment can have a new version waiting: it looks at the cluster and, when the
 * Deployment is deployed its way, answers with the strategy for the verb; else undefined.
 */
type PendingVersionKind = (
  context: StrategyContext,
  ref: ObjectRef,
  verb: DeploymentVerb
) => Promise<CommandStrategy | undefined>

const blueGreen: PendingVersionKind = async (context, ref, verb) => {
  const { cluster, settings } = context
  const state = await readBlueGreen(cluster.client, {
    name: ref.name,
    namespace: cluster.namespace,
    service: settings.blueGreen.service
  })
  if (!state) return undefined
  return verb === 'promote' ? blueGreenPromotion(context, state) : blueGreenRejection(context, state)
}

/**
 * The ways, in order: the first that recognizes the Deployment decides. Blue-green first (its
 * Deployments are the colors); then a plain `deployment/<name>`, with or without a canary.
 */
const PENDING_VERSION_KINDS: PendingVersionKind[] = [blueGreen, canaryCommand]

/**
 * `promote` / `reject` of `deployment/<name>`: what exists in the cluster decides how (a blue-green
 * `<name>-blue`/`<name>-green` pair → blue-green). Read at plan time; a Deployment deployed none of
 * these ways is an error naming it.
 */
export function deploymentCommand(
  context: StrategyContext,
  ref: ObjectRef,
  verb: DeploymentVerb
): CommandStrategy {
  let chosen: CommandStrategy | undefined
  return {
    async plan() {
      for (const kind of PENDING_VERSION_KINDS) {
        chosen = await kind(context, ref, verb)
        if (chosen) return chosen.plan()
      }
      throw new Error(
        `deployment/${ref.name} has no new version to ${verb}: neither ${ref.name}-blue nor ${ref.name}-green exists in namespace ${context.cluster.namespace} (deploy it with \`strategy: blue-green\` first)`
      )
    },
    undo: changes =>
      chosen ? chosen.undo(changes) : Promise.resolve({ restored: [], nothingToUndo: `nothing to ${verb}` })
  }
}
