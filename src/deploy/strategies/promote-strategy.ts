import { Inputs } from '../../constants.js'
import { groupKind, type ObjectRef } from '../../kube-object.js'
import { InputError } from '../../support/errors.js'
import { promoteAction } from '../argo-rollout-patches.js'
import { targetRef } from '../target-kinds.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'
import { deploymentCommand } from './deployment-command.js'
import { rolloutCommandStrategy } from './rollout-command.js'

/** How `promote` goes for each kind of `target`, by `Kind.group`: one entry per kind it knows. */
const PROMOTIONS: Record<string, (context: StrategyContext, ref: ObjectRef) => CommandStrategy> = {
  'Rollout.argoproj.io': (context, ref) =>
    rolloutCommandStrategy(context, ref, {
      verb: 'promote',
      decide: rollout => promoteAction(rollout, context.settings.promoteFull),
      waitUntil: context.settings.wait.until,
      nothingToUndo: 'a promotion has nothing to undo (`command: abort` takes the rollout back to stable)'
    }),
  'Deployment.apps': (context, ref) => deploymentCommand(context, ref, 'promote')
}

/** `command: promote`: moves the `target` on, in the way its kind promotes. */
export function promoteStrategy(context: StrategyContext): CommandStrategy {
  const { settings, cluster } = context
  const ref = targetRef(settings.target ?? '', cluster.namespace)
  const promotion = PROMOTIONS[groupKind(ref)]
  if (!promotion)
    throw new InputError(
      Inputs.Target,
      `"${settings.target ?? ''}": promote works on argoproj.io Rollouts (e.g. rollout/web) and Deployments with a pending preview (deployment/web)`
    )
  return promotion(context, ref)
}
