import { commandName } from '../../tool-runners/command-line.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'

/**
 * `command: kubectl`: any kubectl command, run as given. What it changed is not known, so there is
 * nothing to wait on but the selector, and nothing to undo.
 */
export function kubectlStrategy(context: StrategyContext): CommandStrategy {
  const { settings, cluster } = context
  return {
    plan: () =>
      Promise.resolve({
        phases: [
          {
            // Only the verb (or the plugin's name): the rest of the arguments, or a first argument
            // that is a flag (`--token=...`), may hold values that belong in no report.
            name: commandName('kubectl', settings.kubectlArgs[0]),
            apply: async () => {
              await cluster.kubectl.run(settings.kubectlArgs, { echo: true })
              return []
            }
          }
        ],
        observed: [],
        alwaysWait: false
      }),
    undo: () =>
      Promise.resolve({ restored: [], nothingToUndo: 'command: kubectl has no record of what it changed' })
  }
}
