import { Inputs } from '../../constants.js'
import { groupKind } from '../../kube-object.js'
import { InputError } from '../../support/errors.js'
import { abortAction } from '../argo-rollout-patches.js'
import { targetRef } from '../target-kinds.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'
import { rolloutCommandStrategy } from './rollout-command.js'

/**
 * `command: abort` on an Argo Rollout: `status.abort`, then a wait until the controller has taken it,
 * the stable ReplicaSet is fully available and no traffic is left on the new version (the judge's
 * `aborted` goal). The Rollout then reads
 * Degraded (RolloutAborted), which for this command is the success it asked for.
 */
export function abortStrategy(context: StrategyContext): CommandStrategy {
  const { settings, cluster } = context
  const ref = targetRef(settings.target ?? '', cluster.namespace)
  if (groupKind(ref) !== 'Rollout.argoproj.io')
    throw new InputError(
      Inputs.Target,
      `"${settings.target ?? ''}": abort works on argoproj.io Rollouts (e.g. rollout/web)`
    )
  return rolloutCommandStrategy(context, ref, {
    verb: 'abort',
    decide: abortAction,
    waitUntil: 'aborted',
    nothingToUndo: 'an abort has nothing to undo: the rollout stays aborted until a new revision is applied'
  })
}
