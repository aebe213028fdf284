import * as path from 'node:path'

/** Flags whose value is always the run's own word, never taken from an input: shown as they are. */
const OWN_VALUE_FLAGS = new Set(['-o', '--output', '--dry-run', '--field-manager'])

const LONG_FLAG = /^--[a-zA-Z][\w-]*$/
const SHORT_FLAG = /^-[a-zA-Z]$/
const FLAG_WITH_VALUE = /^(--[a-zA-Z][\w-]*|-[a-zA-Z])=/

/** `kubectl patch`: the program (its file name, without `.exe`) and its verb, if the verb is a word. */
export function commandName(file: string, verb: string | undefined): string {
  const program = (file.split(/[\\/]/).pop() ?? file).replace(/\.exe$/i, '')
  return verb && /^[a-z][a-z0-9-]*$/i.test(verb) ? `${program} ${verb}` : program
}

/**
 * A command line fit for the log: the program and its verb, flag names, the run's own files (paths
 * inside its work folder) and the values of the few flags only the run sets. Every other argument
 * may have come from an input (a patch target, a namespace, a value, any word of `command: kubectl`)
 * and is shown as `…`: `kubectl patch --kubeconfig /run/kubeconfig --namespace … --patch-file
 * /run/patch-1.json -- …`.
 */
export function describeCommand(name: string, args: string[], workDir: string): string {
  const words = new Set(name.split(' ').slice(1))
  const inWorkDir = (arg: string): boolean => {
    if (!workDir || !path.isAbsolute(arg) || /\s/.test(arg)) return false
    const relative = path.relative(workDir, arg)
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
  }
  const shown = args.map((arg, index) => {
    if (arg === '--' || words.has(arg) || LONG_FLAG.test(arg) || SHORT_FLAG.test(arg)) return arg
    if (inWorkDir(arg) || OWN_VALUE_FLAGS.has(args[index - 1])) return arg
    const flag = FLAG_WITH_VALUE.exec(arg)?.[1]
    if (flag) {
      const value = arg.slice(flag.length + 1)
      return OWN_VALUE_FLAGS.has(flag) || inWorkDir(value) ? arg : `${flag}=…`
    }
    return '…'
  })
  return [name.split(' ')[0], ...shown].join(' ')
}
