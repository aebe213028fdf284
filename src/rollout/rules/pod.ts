import { conditionOf } from '../../kube-object.js'
import { podFailure } from '../pod-failure.js'
import { current, failed, inProgress, type StatusRule } from './rule.js'

/** v1 Pod: Ready (or Succeeded); a terminal error (image pull, crash loop, ...) is a failure. */
export const podStatus: StatusRule = object => {
  const phase = object.status?.phase as string | undefined
  if (phase === 'Succeeded') return current('succeeded')
  const problem = podFailure(object)
  if (problem) return failed(`${problem.reason}: ${problem.message}`)
  if (conditionOf(object, 'Ready')?.status === 'True') return current('ready')
  return inProgress(phase === 'Running' ? 'running, not ready' : `${phase ?? 'Pending'}`)
}
