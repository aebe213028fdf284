import { describeProblem, judgePods } from '../pod-problems.js'
import { current, failed, inProgress, type Rule } from './rule.js'

/**
 * v1 Pod: Ready, or Succeeded for a pod that runs to completion. A terminating pod is never ready. A
 * failed pod is final whatever fail-fast says: nothing restarts it. Other problems fail fast.
 */
export const podRule: Rule = ({ object, cluster, policy, clock }) => {
  const verdict = judgePods([object], { cluster, policy, clock })
  const extra = { pods: verdict.problems, currentPods: [object] }
  if (object.metadata.deletionTimestamp) return inProgress('terminating', extra)
  if (object.status?.phase === 'Succeeded') return current('succeeded', extra)
  // The pod's one problem, already diagnosed by judgePods.
  const problem = verdict.problems[0]
  if (object.status?.phase === 'Failed') {
    return failed(`${problem?.reason ?? 'Failed'}: ${problem?.message ?? 'the pod failed'}`, extra)
  }
  if (verdict.failure) return failed(describeProblem(verdict.failure), extra)
  if (verdict.ready === 1) return current('ready', extra)
  return inProgress(problem ? `${problem.reason}: ${problem.message}` : 'not ready', extra)
}
