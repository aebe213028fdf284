import { runCommand, type CommandResult, type RunOptions } from './run-command.js'

/** The one door to the helm binary: every call carries the run's kubeconfig and namespace. */
export interface Helm {
  run(args: string[], options?: RunOptions): Promise<CommandResult>
}

export function createHelm(binary: string, kubeconfig: string, namespace: string): Helm {
  const env = { KUBECONFIG: kubeconfig }
  return {
    run: (args, options) =>
      runCommand(binary, [...args, '--kubeconfig', kubeconfig, '--namespace', namespace], env, options)
  }
}
