import type { ClusterClient } from '../cluster/client.js'
import { Inputs } from '../constants.js'
import { displayName, type KubeObject, type ObjectRef } from '../kube-object.js'
import { InputError } from '../support/errors.js'

interface TargetKind {
  apiVersion: string
  kind: string
  /** Every spelling kubectl accepts for the kind, without its group: singular, plural, short names. */
  names: string[]
}

/**
 * The kinds the `target` input may name, as kubectl spells them (`rollout`, `rollouts`, `ro`, or
 * with the group: `rollouts.argoproj.io`). A table rather than the server's discovery: `target` is
 * checked before the run talks to the cluster, and the commands that act on it know these kinds only.
 */
const TARGET_KINDS: TargetKind[] = [
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', names: ['rollout', 'rollouts', 'ro'] },
  { apiVersion: 'apps/v1', kind: 'Deployment', names: ['deployment', 'deployments', 'deploy'] },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', names: ['statefulset', 'statefulsets', 'sts'] },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', names: ['daemonset', 'daemonsets', 'ds'] },
  { apiVersion: 'batch/v1', kind: 'Job', names: ['job', 'jobs'] }
]

/** The object `target` (`kind/name`, already checked to be of that form) names, in `namespace`. */
export function targetRef(target: string, namespace: string): ObjectRef {
  const [kindText, name] = target.split('/')
  const spelled = kindText.toLowerCase()
  const found = TARGET_KINDS.find(({ apiVersion, names }) => {
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : ''
    return names.some(candidate => spelled === candidate || spelled === `${candidate}.${group}`)
  })
  if (!found)
    throw new InputError(
      Inputs.Target,
      `"${target}": kind "${kindText}" is not one of ${TARGET_KINDS.map(({ names }) => names[0]).join(', ')} (or kind.group, e.g. rollouts.argoproj.io/web)`
    )
  return { apiVersion: found.apiVersion, kind: found.kind, name, namespace }
}

/**
 * The live object `target` names. A kind the server does not serve (Argo Rollouts not installed) or
 * an object that does not exist is an error naming the input, before anything changes.
 */
export async function readTarget(client: ClusterClient, ref: ObjectRef): Promise<KubeObject> {
  if (!(await client.resource(ref.apiVersion, ref.kind)))
    throw new InputError(
      Inputs.Target,
      `the server has no kind ${ref.kind} in ${ref.apiVersion}${ref.apiVersion.startsWith('argoproj.io/') ? ' (is Argo Rollouts installed?)' : ''}`
    )
  const object = await client.get(ref)
  if (!object)
    throw new InputError(Inputs.Target, `not found: ${displayName(ref)} in namespace ${ref.namespace ?? ''}`)
  return object
}
