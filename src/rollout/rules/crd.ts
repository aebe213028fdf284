import { conditionOf } from '../../kube-object.js'
import { current, failed, inProgress, type Rule } from './rule.js'

/** apiextensions.k8s.io/v1 CustomResourceDefinition: names accepted and Established. */
export const crdRule: Rule = ({ object }) => {
  const names = conditionOf(object, 'NamesAccepted')
  if (names?.status === 'False') return failed(`NamesAccepted=False: ${names.message ?? names.reason ?? ''}`)
  if (conditionOf(object, 'Established')?.status === 'True' && names?.status === 'True')
    return current('established')
  return inProgress('waiting for Established')
}
