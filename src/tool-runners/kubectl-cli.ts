import * as path from 'node:path'
import { childEnvironment } from './child-environment.js'
import { commandName } from './command-line.js'
import { runCommand, type CommandResult, type RunOptions } from './run-command.js'

/** The one door to the kubectl binary: every call carries the run's kubeconfig, never the ambient one. */
export interface Kubectl {
  /** Runs a kubectl verb, or a kubectl plugin (`ns`, any `kubectl-foo` on PATH), with these arguments. */
  run(args: string[], options?: RunOptions): Promise<CommandResult>
  /** Runs and parses `-o json` output. */
  json<T>(args: string[], options?: RunOptions): Promise<T>
}

/** kubectl's own commands (v1.33); any other first word names a plugin. */
const KUBECTL_COMMANDS = new Set([
  'alpha',
  'annotate',
  'api-resources',
  'api-versions',
  'apply',
  'attach',
  'auth',
  'autoscale',
  'certificate',
  'cluster-info',
  'completion',
  'config',
  'cordon',
  'cp',
  'create',
  'debug',
  'delete',
  'describe',
  'diff',
  'drain',
  'edit',
  'events',
  'exec',
  'explain',
  'expose',
  'get',
  'help',
  'kustomize',
  'label',
  'logs',
  'options',
  'patch',
  'plugin',
  'port-forward',
  'proxy',
  'replace',
  'rollout',
  'run',
  'scale',
  'set',
  'taint',
  'top',
  'uncordon',
  'version',
  'wait'
])

/**
 * Where the run's global flags go. kubectl's own commands get `--kubeconfig` right after the verb
 * (before any `--`, after which it would be an argument). A plugin gets none: kubectl refuses flags
 * before a plugin's name, and flags after it go to the plugin, which may not know them; plugins read
 * the KUBECONFIG variable instead, which the child's environment sets to the same file.
 */
export function kubectlArgs(args: string[], kubeconfig: string, extra: string[] = []): string[] {
  const [first, ...rest] = args
  if (first === undefined || first.startsWith('-')) return ['--kubeconfig', kubeconfig, ...extra, ...args]
  if (!KUBECTL_COMMANDS.has(first)) return [...args, ...extra]
  return [first, '--kubeconfig', kubeconfig, ...extra, ...rest]
}

/**
 * `binary` is a path, or how to get one (install it: see deploy-step.ts): then it is asked for when
 * the first command runs, not before.
 */
export function createKubectl(
  binary: string | (() => Promise<string>),
  kubeconfig: string,
  workDir: string
): Kubectl {
  // The child's environment is minimal, with KUBECONFIG set (for plugins, and so that nothing falls
  // back to an ambient kubeconfig); the discovery cache goes to the run's folder, not the user's home.
  const env = childEnvironment({ KUBECONFIG: kubeconfig, KUBECACHEDIR: path.join(workDir, 'kube-cache') })
  const execute = async (
    args: string[],
    options?: RunOptions,
    extra: string[] = []
  ): Promise<CommandResult> => {
    const file = typeof binary === 'string' ? binary : await binary()
    return runCommand(
      {
        file,
        name: commandName(file, args[0]),
        args: kubectlArgs(args, kubeconfig, extra),
        env,
        workDir
      },
      options
    )
  }
  return {
    run: (args, options) => execute(args, options),
    async json<T>(args: string[], options?: RunOptions): Promise<T> {
      // `-o json` goes with the global flags: before a `--` that ends the flags.
      const result = await execute(args, options, ['-o', 'json'])
      return JSON.parse(result.stdout || 'null') as T
    }
  }
}
