import * as core from '@actions/core'
import type { Kubectl } from '../tool-runners/kubectl-cli.js'
import { withPrivateFile } from '../tool-runners/private-file.js'
import { CommandError } from '../tool-runners/run-command.js'
import { maskGivenValues } from '../tool-runners/secret-values.js'
import { Inputs } from '../constants.js'
import { InputError } from '../support/errors.js'
import type { PatchType } from '../inputs.js'
import { toRef, type KubeObject } from '../kube-object.js'
import { ParameterSubstitution, type Parameters } from '../manifests/parameters.js'
import { parsePlainYaml } from '../manifests/plain-yaml.js'
import { diffChanges, logChanges, type ChangePhase } from './change-set.js'
import type { PlannedChange } from './planned-change.js'
import { objectDiff } from './preview/object-diff.js'

/**
 * Turns the `patch` input (YAML or JSON) into the JSON kubectl sends; a JSON patch must be a list.
 * `${parameters.key}` in its string values is replaced as in manifests.
 */
export function patchBody(
  text: string,
  type: PatchType,
  parameters: ParameterSubstitution = new ParameterSubstitution(new Map())
): string {
  const body = parsePlainYaml(
    text,
    (line, message) => {
      throw new InputError(Inputs.Patch, `line ${line}: ${message}`)
    },
    (document, at) => parameters.substituteDocument(document, { ...at, source: Inputs.Patch })
  )
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
 * The values of a patch that may be secret: every string of the body when it patches a Secret or
 * touches `data` / `stringData` (for a JSON patch, the strings of its operations' values). Masked
 * before anything runs, so that a server error quoting one is masked too.
 */
export function patchSecretValues(target: string, json: string, type: PatchType): string[] {
  const body = JSON.parse(json) as unknown
  const kind = target.split('/')[0]
  const secretTarget = /^secrets?(\.|$)/i.test(kind)
  if (type === 'json') {
    const operations = body as { path?: unknown; value?: unknown }[]
    const touchesData = operations.some(
      operation => typeof operation.path === 'string' && /^\/(data|stringData)(\/|$)/.test(operation.path)
    )
    return secretTarget || touchesData ? operations.flatMap(operation => stringsOf(operation.value)) : []
  }
  const fields = body as Record<string, unknown>
  return secretTarget || 'data' in fields || 'stringData' in fields ? stringsOf(fields) : []
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (typeof value !== 'object' || value === null) return []
  return Object.values(value).flatMap(stringsOf)
}

/** The phase that patches, and what it will change (the object before, against the dry run's answer). */
export interface PatchPlan {
  phase: ChangePhase
  preview: PlannedChange[]
}

/**
 * Checks a patch without changing anything (parsed, then a server-side dry run: a patch the server
 * rejects must leave the object as it was) and returns the phase that applies it, with the preview
 * read from the dry run's answer. The body goes to kubectl in a private file, never on its command
 * line; the target comes after `--`.
 */
export async function planPatch(
  kubectl: Kubectl,
  patch: { target: string; body: string; type: PatchType; parameters?: Parameters },
  namespace: string,
  workDir: string
): Promise<PatchPlan> {
  const { target, type } = patch
  const parameters = new ParameterSubstitution(patch.parameters ?? new Map())
  const json = patchBody(patch.body, type, parameters)
  for (const name of parameters.unused())
    core.warning(`parameters: "${name}" is declared but the patch does not use \${parameters.${name}}`)
  maskGivenValues(patchSecretValues(target, json, type))
  const before = await kubectl
    .json<KubeObject>(['get', '--namespace', namespace, '--', target])
    .catch((error: unknown) => {
      throw asInputError(error, Inputs.PatchTarget, `${target} in namespace ${namespace} cannot be read`)
    })
  const patchArgs = (file: string, ...flags: string[]): string[] => [
    'patch',
    '--namespace',
    namespace,
    '--type',
    type,
    '--patch-file',
    file,
    ...flags,
    '--',
    target
  ]
  const answer = await withPrivateFile(workDir, 'patch.json', json, file =>
    kubectl.json<KubeObject>(patchArgs(file, '--dry-run=server'))
  ).catch((error: unknown) => {
    throw asInputError(error, Inputs.Patch, `the server refused it for ${target}`)
  })
  const preview: PlannedChange = {
    ref: toRef(before),
    source: `patch ${target}`,
    ...objectDiff(before, answer)
  }
  const phase: ChangePhase = {
    name: `patch ${target}`,
    apply: async () => {
      const after = await withPrivateFile(workDir, 'patch.json', json, file =>
        kubectl.json<KubeObject>(patchArgs(file))
      )
      const changes = diffChanges([before], [after], () => `patch ${target}`)
      logChanges(changes, change => (change.action === 'unchanged' ? 'unchanged' : 'patched'))
      return changes
    }
  }
  return { phase, preview: [preview] }
}

/**
 * A kubectl refusal before anything changed is a verdict on an input: named as such, with what the
 * server said (secrets already redacted from it).
 */
function asInputError(error: unknown, input: Inputs, what: string): unknown {
  if (!(error instanceof CommandError)) return error
  const said = (error.result.stderr.trim() || error.result.stdout.trim()).split('\n')[0]
  return new InputError(input, `${what}: ${said.replace(/^error: /i, '')}`)
}
