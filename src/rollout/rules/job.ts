import { conditionOf } from '../../kube-object.js'
import { current, failed, inProgress, numberAt, type StatusRule } from './rule.js'

/** batch/v1 Job: Complete, or Failed with the controller's reason. */
export const jobStatus: StatusRule = object => {
  const failure = conditionOf(object, 'Failed')
  if (failure?.status === 'True')
    return failed(`${failure.reason ?? 'Failed'}: ${failure.message ?? 'the job failed'}`)
  const complete = conditionOf(object, 'Complete')
  if (complete?.status === 'True')
    return current(`completed (${numberAt(object.status, 'succeeded')} succeeded)`)
  if ((object.spec as { suspend?: boolean } | undefined)?.suspend) return current('suspended')
  const status = object.status
  return inProgress(
    `${numberAt(status, 'active')} active, ${numberAt(status, 'succeeded')} succeeded, ${numberAt(status, 'failed')} failed`
  )
}
