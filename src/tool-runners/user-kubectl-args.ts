import { InputError } from '../support/errors.js'

/**
 * Flags that would point kubectl at other credentials, another cluster or another identity, or turn
 * TLS verification off: the step's access is the one its inputs give, checked and masked; `args`
 * must not widen it (a pull request that edits `args` should not be able to reach elsewhere).
 */
const CONNECTION_FLAGS = new Set([
  '--kubeconfig',
  '--server',
  '-s',
  '--token',
  '--insecure-skip-tls-verify',
  '--certificate-authority',
  '--client-certificate',
  '--client-key',
  '--tls-server-name',
  '--username',
  '--password',
  '--as',
  '--as-group',
  '--as-uid',
  '--context',
  '--cluster',
  '--user'
])

/** Verbs that read or write kubeconfig files (`config view --raw` prints the run's credentials). */
const FORBIDDEN_VERBS = new Set(['config'])

/** Checks the `args` of `command: kubectl`; throws an InputError naming the input and the argument. */
export function checkUserKubectlArgs(args: string[], input: string): string[] {
  for (const arg of args) {
    if (arg === '--') break
    const flag = arg.startsWith('--') ? arg.split('=')[0] : /^-s/.test(arg) ? '-s' : arg
    if (CONNECTION_FLAGS.has(flag)) {
      throw new InputError(
        input,
        `${flag} is not allowed: the cluster, credentials and TLS settings come from the step's access inputs`
      )
    }
  }
  const verb = args.find(arg => !arg.startsWith('-'))
  if (verb && FORBIDDEN_VERBS.has(verb)) {
    throw new InputError(input, `kubectl ${verb} is not allowed: it reads or writes kubeconfig files`)
  }
  return args
}
