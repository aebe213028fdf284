import * as path from 'node:path'
import { childEnvironment } from './child-environment.js'
import { commandName } from './command-line.js'
import { runCommand, type CommandResult, type RunOptions } from './run-command.js'

/** The one door to the helm binary: every call carries the run's kubeconfig and namespace. */
export interface Helm {
  run(args: string[], options?: RunOptions): Promise<CommandResult>
}

/**
 * helm's arguments with the run's global flags first (helm reads them before its command), so that a
 * `--` among the arguments ends the flags without turning them into arguments.
 */
export function helmArgs(args: string[], kubeconfig: string, namespace: string): string[] {
  return ['--kubeconfig', kubeconfig, '--namespace', namespace, ...args]
}

export function createHelm(binary: string, kubeconfig: string, namespace: string, workDir: string): Helm {
  const env = childEnvironment({ KUBECONFIG: kubeconfig, KUBECACHEDIR: path.join(workDir, 'kube-cache') })
  return {
    run: (args, options) =>
      runCommand(
        {
          file: binary,
          name: commandName(binary, args[0]),
          args: helmArgs(args, kubeconfig, namespace),
          env,
          workDir
        },
        options
      )
  }
}
