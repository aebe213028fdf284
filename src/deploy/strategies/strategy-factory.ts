import type { Command } from '../../inputs.js'
import { abortStrategy } from './abort-strategy.js'
import { applyStrategy } from './apply-strategy.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'
import { deleteStrategy } from './delete-strategy.js'
import { helmStrategy } from './helm-strategy.js'
import { kubectlStrategy } from './kubectl-strategy.js'
import { patchStrategy } from './patch-strategy.js'
import { promoteStrategy } from './promote-strategy.js'
import { rejectStrategy } from './reject-strategy.js'
import { statusStrategy } from './status-strategy.js'

/** One strategy per command; a new command is a new entry here, and nowhere else in the run. */
const STRATEGIES: Record<Command, (context: StrategyContext) => CommandStrategy> = {
  apply: applyStrategy,
  patch: patchStrategy,
  helm: helmStrategy,
  kubectl: kubectlStrategy,
  status: statusStrategy,
  delete: deleteStrategy,
  promote: promoteStrategy,
  abort: abortStrategy,
  reject: rejectStrategy
}

export function commandStrategy(command: Command, context: StrategyContext): CommandStrategy {
  return STRATEGIES[command](context)
}
