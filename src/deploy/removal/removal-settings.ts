import { createHash } from 'node:crypto'
import { Inputs } from '../../constants.js'
import { isDnsSubdomain } from '../../manifests/kube-names.js'
import { InputError } from '../../support/errors.js'

export type Propagation = 'Foreground' | 'Background' | 'Orphan'

/** What `prune` and `command: delete` remove, and how. */
export interface RemovalSettings {
  /** `prune: true`: after the apply, delete what the ApplySet held before and the manifests no longer declare. */
  prune: boolean
  /**
   * The ApplySet's parent Secret, in the run's namespace: the `applyset` input, else a name derived
   * from the `manifests` and `kustomize` inputs as written (see defaultApplySetName). Undefined when
   * neither is given (then nothing is pruned anyway).
   */
  applySet?: string
  /** `command: delete` with a `selector`: the kinds to look in, as written (`deployments.apps`, `configmaps`). */
  kinds: string[]
  /** How a delete treats the object's dependents; foreground waits for them. */
  propagation: Propagation
}

const PROPAGATIONS: Record<string, Propagation> = {
  foreground: 'Foreground',
  background: 'Background',
  orphan: 'Orphan'
}

/** A kind as kubectl names one: a plural, singular or Kind, then optionally `.group`. */
const KIND_PATTERN = /^[A-Za-z][A-Za-z0-9-]*(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

interface RawRemovalInputs {
  prune: boolean
  applySet?: string
  kinds?: string
  propagation?: string
}

export function removalSettings(raw: RawRemovalInputs): RemovalSettings {
  const propagation = raw.propagation?.toLowerCase() ?? 'foreground'
  if (!(propagation in PROPAGATIONS))
    throw new InputError(
      Inputs.Propagation,
      `"${raw.propagation ?? ''}" is not one of foreground, background, orphan`
    )
  if (raw.applySet !== undefined && !isDnsSubdomain(raw.applySet))
    throw new InputError(
      Inputs.ApplySet,
      `"${raw.applySet}" is not a Secret name (lowercase letters, digits, '-' and '.', 253 at most)`
    )
  const kinds = (raw.kinds ?? '')
    .split(/[\s,]+/)
    .map(kind => kind.trim())
    .filter(kind => kind !== '')
  for (const kind of kinds)
    if (!KIND_PATTERN.test(kind))
      throw new InputError(Inputs.Kinds, `"${kind}" is not a kind like deployments.apps or configmaps`)
  return { prune: raw.prune, applySet: raw.applySet, kinds, propagation: PROPAGATIONS[propagation] }
}

/** What the removal inputs are checked against (a part of Settings: this module sits below inputs.ts). */
interface CommandInputs {
  command: string
  apply: { manifests: string[]; kustomize?: string }
  wait: { selector?: string }
  removal: RemovalSettings
}

/**
 * Checks which command the removal inputs go with, and fills in the ApplySet's default name. Run
 * after the command's own checks: every error names the input, before anything is changed.
 */
export function checkRemovalInputs(settings: CommandInputs): void {
  const { command, removal, apply, wait } = settings
  if (removal.prune && command !== 'apply')
    throw new InputError(Inputs.Prune, 'only applies with `command: apply`')
  if (removal.applySet !== undefined && !removal.prune)
    throw new InputError(Inputs.ApplySet, 'only applies with `prune: true`')
  if (removal.prune) removal.applySet ??= defaultApplySetName(apply.manifests, apply.kustomize)
  if (command !== 'delete') {
    if (removal.kinds.length > 0) throw new InputError(Inputs.Kinds, 'only applies with `command: delete`')
    return
  }
  const fromManifests = apply.manifests.length > 0 || apply.kustomize !== undefined
  if (fromManifests && (wait.selector || removal.kinds.length > 0))
    throw new InputError(
      wait.selector ? Inputs.Selector : Inputs.Kinds,
      'with `command: delete`, give either `manifests`/`kustomize` or `selector` with `kinds`, not both'
    )
  if (!fromManifests && !wait.selector)
    throw new InputError(
      Inputs.Manifests,
      'is required with `command: delete` (or `kustomize`, or `selector` with `kinds`)'
    )
  if (wait.selector && removal.kinds.length === 0)
    throw new InputError(
      Inputs.Kinds,
      'is required with `command: delete` and `selector`: the kinds to delete from, e.g. `deployments.apps, configmaps`'
    )
}

/**
 * The ApplySet's name when none is given: stable across runs of the same step, since it is derived
 * from the `manifests` and `kustomize` inputs as written (not from what they hold, which changes);
 * two steps deploying other manifests into the same namespace get other sets. Renaming a path
 * starts a new set: the old one is never pruned then, which errs on the side of keeping.
 */
export function defaultApplySetName(manifests: string[], kustomize: string | undefined): string {
  const digest = createHash('sha256')
    .update(JSON.stringify({ manifests, kustomize: kustomize ?? null }))
    .digest('hex')
  return `kube-deploy-${digest.slice(0, 12)}`
}
