import { conditionOf, groupOf, type Condition } from '../../kube-object.js'
import { current, failed, inProgress, notObserved, type RuleResult, type StatusRule } from './rule.js'

/** Reasons that say a controller gave up, not that it is still working. */
const TERMINAL_REASON = /fail|error|invalid|denied|forbidden|notfound|backoff/i

/**
 * Any other kind, read the way kstatus reads custom resources: the controller's observedGeneration
 * first, then Stalled, Reconciling, and Ready / Available (or the condition the user named for the kind).
 * An object with no conditions at all is Current: there is nothing more to wait for, unless its CRD
 * has a status subresource and the controller has not reported yet.
 */
export const customResourceStatus: StatusRule = (object, context) => {
  const kind = `${object.kind}.${groupOf(object.apiVersion)}`
  const named = context.readyConditions[kind]
  if (Object.keys(object.status ?? {}).length === 0 && context.reportingKinds?.has(kind)) {
    return inProgress('waiting for the controller to report status')
  }
  const unobserved = object.status?.observedGeneration === undefined ? undefined : notObserved(object)
  if (unobserved) return unobserved
  const stalled = conditionOf(object, 'Stalled')
  if (stalled?.status === 'True') return failed(`Stalled: ${describe(stalled)}`)
  if (named) return byCondition(conditionOf(object, named), named, true)
  const reconciling = conditionOf(object, 'Reconciling')
  if (reconciling?.status === 'True') return inProgress(`Reconciling: ${describe(reconciling)}`)
  for (const type of ['Ready', 'Available']) {
    const condition = conditionOf(object, type)
    if (condition) return byCondition(condition, type, false)
  }
  return current(Array.isArray(object.status?.conditions) ? 'no readiness condition' : 'exists')
}

function byCondition(condition: Condition | undefined, type: string, required: boolean): RuleResult {
  if (!condition) return required ? inProgress(`waiting for condition ${type}`) : current('exists')
  if (condition.status === 'True') return current(`${type}: ${describe(condition)}`)
  if (condition.status === 'False' && condition.reason && TERMINAL_REASON.test(condition.reason)) {
    return failed(`${type}=False: ${describe(condition)}`)
  }
  return inProgress(`${type}=${condition.status}: ${describe(condition)}`)
}

function describe(condition: Condition): string {
  return [condition.reason, condition.message].filter(Boolean).join(': ') || condition.status
}
