import { Inputs } from '../../constants.js'
import { groupKind, type ObjectRef } from '../../kube-object.js'
import { InputError } from '../../support/errors.js'
import { targetRef } from '../target-kinds.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'
import { deploymentReleaseStrategy } from './deployment-release.js'

/** How `reject` goes for each kind of `target`, by `Kind.group`. */
const REJECTIONS: Record<string, (context: StrategyContext, ref: ObjectRef) => CommandStrategy> = {
  'Deployment.apps': (context, ref) => deploymentReleaseStrategy(context, ref, 'reject')
}

/** `command: reject`: drops the new version waiting beside the `target`, which stays as it is. */
export function rejectStrategy(context: StrategyContext): CommandStrategy {
  const { settings, cluster } = context
  const ref = targetRef(settings.target ?? '', cluster.namespace)
  const rejection = REJECTIONS[groupKind(ref)]
  if (!rejection)
    throw new InputError(
      Inputs.Target,
      `"${settings.target ?? ''}": reject works on Deployments with a canary (e.g. deployment/web); an Argo Rollout is rejected with \`command: abort\``
    )
  return rejection(context, ref)
}
