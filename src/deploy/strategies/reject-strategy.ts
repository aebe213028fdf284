import { Inputs } from '../../constants.js'
import { groupKind } from '../../kube-object.js'
import { InputError } from '../../support/errors.js'
import { targetRef } from '../target-kinds.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'
import { deploymentCommand } from './deployment-command.js'

/** `command: reject`: drops the pending new version of the Deployment named by `target`. */
export function rejectStrategy(context: StrategyContext): CommandStrategy {
  const { settings, cluster } = context
  const ref = targetRef(settings.target ?? '', cluster.namespace)
  if (groupKind(ref) !== 'Deployment.apps')
    throw new InputError(
      Inputs.Target,
      `"${settings.target ?? ''}": reject works on Deployments with a pending preview (e.g. deployment/web)`
    )
  return deploymentCommand(context, ref, 'reject')
}
