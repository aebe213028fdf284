import { conditionOf } from '../../kube-object.js'
import { describeProblem, judgePods } from '../pod-problems.js'
import { currentPodsOf } from '../revision.js'
import { current, failed, inProgress, numberAt, type Rule } from './rule.js'

interface JobSpec {
  suspend?: boolean
  completions?: number
  parallelism?: number
  backoffLimit?: number
}

/**
 * batch/v1 Job, read as the job controller writes it: failed only when the Job says so (`Failed`, or
 * `FailureTarget` while it terminates the last pods: BackoffLimitExceeded, DeadlineExceeded, a
 * podFailurePolicy rule); a failed pod before that is an attempt the controller retries. Complete
 * (or SuccessCriteriaMet) is ready. A pod that cannot even start (image, config, scheduling) fails
 * fast, as it would for any workload: the controller does not count it as an attempt.
 */
export const jobRule: Rule = ({ object, cluster, policy, clock }) => {
  const spec = (object.spec ?? {}) as JobSpec
  const status = object.status
  // Pods the controller has seen succeed but not counted yet (it counts them in its next write).
  const uncounted = (status?.uncountedTerminatedPods as { succeeded?: string[] } | undefined)?.succeeded ?? []
  const succeeded = numberAt(status, 'succeeded') + uncounted.length
  const replicas = `${succeeded}/${spec.completions ?? 1}`
  const pods = currentPodsOf(object, cluster)
  for (const type of ['Failed', 'FailureTarget']) {
    const condition = conditionOf(object, type)
    if (condition?.status === 'True') {
      // The failed attempts are now what the Job failed of: terminal, so the evidence shows them.
      const attempts = judgePods(pods, { cluster, policy: { ...policy, failFast: true }, clock })
      return failed(`${condition.reason ?? 'Failed'}: ${condition.message ?? 'the job failed'}`, {
        replicas,
        pods: attempts.problems,
        currentPods: pods
      })
    }
  }
  for (const type of ['Complete', 'SuccessCriteriaMet']) {
    if (conditionOf(object, type)?.status === 'True') {
      return current(`completed (${succeeded} succeeded)`, { replicas })
    }
  }
  const verdict = judgePods(pods, { cluster, policy, clock, retriedByOwner: true })
  const extra = { pods: verdict.problems, currentPods: pods, replicas }
  if (verdict.failure) return failed(describeProblem(verdict.failure), extra)
  if (spec.suspend || conditionOf(object, 'Suspended')?.status === 'True') {
    return current('suspended: no pod runs until the Job is resumed', extra)
  }
  const failedPods = numberAt(status, 'failed')
  const retries = failedPods > 0 ? `; retrying (backoffLimit ${spec.backoffLimit ?? 6})` : ''
  return inProgress(
    `${numberAt(status, 'active')} active, ${succeeded} succeeded, ${failedPods} failed${retries}`,
    extra
  )
}
