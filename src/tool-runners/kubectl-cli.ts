import * as path from 'node:path'
import { runCommand, type CommandResult, type RunOptions } from './run-command.js'

/** The one door to the kubectl binary: every call carries the run's kubeconfig, never the ambient one. */
export interface Kubectl {
  run(args: string[], options?: RunOptions): Promise<CommandResult>
  /** Runs and parses `-o json` output. */
  json<T>(args: string[], options?: RunOptions): Promise<T>
}

export function createKubectl(binary: string, kubeconfig: string, workDir: string): Kubectl {
  // KUBECONFIG is set as well as --kubeconfig so that kubectl plugins see the same cluster;
  // the discovery cache goes to the run's folder rather than the user's home.
  const env = { KUBECONFIG: kubeconfig, KUBECACHEDIR: path.join(workDir, 'kube-cache') }
  const execute = (args: string[], options?: RunOptions): Promise<CommandResult> =>
    runCommand(binary, ['--kubeconfig', kubeconfig, ...args], env, options)
  return {
    run: execute,
    async json<T>(args: string[], options?: RunOptions): Promise<T> {
      const result = await execute([...args, '-o', 'json'], options)
      return JSON.parse(result.stdout || 'null') as T
    }
  }
}
