import { conditionOf, groupKind, type Condition } from '../../kube-object.js'
import { current, failed, inProgress, notObserved, type Rule, type RuleResult } from './rule.js'

/**
 * Any other kind, read the way kstatus reads custom resources: the controller's observedGeneration
 * first (a number, or a numeric string), then `Stalled=True` (failed), `Reconciling=True` (in
 * progress), then `Ready` (or `Available`). `Ready=False` means the controller is still working on it,
 * whatever its reason sounds like: controllers that retry say "ReconciliationFailed" too. Only
 * `Stalled` and the conditions the user names in `failure-conditions` fail the object. An object with
 * no conditions at all is Current, unless its CRD has a status subresource and its controller has not
 * reported yet.
 */
export const customResourceRule: Rule = ({ object, policy }) => {
  const kind = groupKind(object)
  if (Object.keys(object.status ?? {}).length === 0 && policy.reportingKinds.has(kind)) {
    return inProgress('waiting for the controller to report status')
  }
  const unobserved = object.status?.observedGeneration === undefined ? undefined : notObserved(object)
  if (unobserved) return unobserved
  const failureType = policy.failureConditions[kind]
  const failure = failureType ? conditionOf(object, failureType) : undefined
  if (failure?.status === 'True') return failed(`${failureType}: ${describe(failure)}`)
  const stalled = conditionOf(object, 'Stalled')
  if (stalled?.status === 'True') return failed(`Stalled: ${describe(stalled)}`)
  const readyType = policy.readyConditions[kind]
  if (readyType) return byCondition(conditionOf(object, readyType), readyType)
  const reconciling = conditionOf(object, 'Reconciling')
  if (reconciling?.status === 'True') return inProgress(`Reconciling: ${describe(reconciling)}`)
  for (const type of ['Ready', 'Available']) {
    const condition = conditionOf(object, type)
    if (condition) return byCondition(condition, type)
  }
  return current(Array.isArray(object.status?.conditions) ? 'no readiness condition' : 'exists')
}

function byCondition(condition: Condition | undefined, type: string): RuleResult {
  if (!condition) return inProgress(`waiting for condition ${type}`)
  if (condition.status === 'True') return current(`${type}: ${describe(condition)}`)
  return inProgress(`${type}=${condition.status}: ${describe(condition)}`)
}

export function describe(condition: Condition): string {
  return [condition.reason, condition.message].filter(Boolean).join(': ') || condition.status
}
