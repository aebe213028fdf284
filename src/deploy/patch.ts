import { parse } from 'yaml'
import type { Kubectl } from '../tool-runners/kubectl-cli.js'
import { Inputs } from '../constants.js'
import { InputError } from '../support/errors.js'
import type { PatchType } from '../inputs.js'
import type { KubeObject } from '../kube-object.js'
import { diffChanges, logChanges, type ChangePhase } from './change-set.js'

/** Turns the `patch` input (YAML or JSON) into the JSON kubectl sends; a JSON patch must be a list. */
export function patchBody(text: string, type: PatchType): string {
  let body: unknown
  try {
    body = parse(text)
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line
    throw new InputError(
      Inputs.Patch,
      `is not valid YAML or JSON${line ? ` (line ${line})` : ''}: ${(error as Error).message.split('\n')[0]}`
    )
  }
  if (type === 'json' && !Array.isArray(body)) {
    throw new InputError(
      Inputs.Patch,
      'with `patch-type: json` must be a list of operations, e.g. [{op: replace, path: /spec/replicas, value: 3}]'
    )
  }
  if (type !== 'json' && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    throw new InputError(
      Inputs.Patch,
      `with \`patch-type: ${type}\` must be a mapping of the fields to change`
    )
  }
  return JSON.stringify(body)
}

/**
 * Checks a patch without changing anything (parsed, then a server-side dry run: a patch the server
 * rejects must leave the object as it was) and returns the phase that applies it.
 */
export async function planPatch(
  kubectl: Kubectl,
  target: string,
  body: string,
  type: PatchType,
  namespace: string
): Promise<ChangePhase> {
  const json = patchBody(body, type)
  const before = await kubectl.json<KubeObject>(['get', target, '--namespace', namespace])
  const patch = ['patch', target, '--namespace', namespace, '--type', type, '-p', json]
  await kubectl.run([...patch, '--dry-run=server'])
  return {
    name: `patch ${target}`,
    apply: async () => {
      const after = await kubectl.json<KubeObject>(patch)
      const changes = diffChanges([before], [after], () => `patch ${target}`)
      logChanges(changes, change => (change.action === 'unchanged' ? 'unchanged' : 'patched'))
      return changes
    }
  }
}
