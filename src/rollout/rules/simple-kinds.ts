import { conditionOf } from '../../kube-object.js'
import { current, failed, inProgress, type StatusRule } from './rule.js'

/** v1 PersistentVolumeClaim: Bound. */
export const pvcStatus: StatusRule = object => {
  const phase = object.status?.phase as string | undefined
  if (phase === 'Bound') return current('bound')
  if (phase === 'Lost') return failed('Lost: the bound volume no longer exists')
  return inProgress(phase ? phase.toLowerCase() : 'pending')
}

/** v1 Service: a LoadBalancer is ready once it has an ingress address; other types are ready at once. */
export const serviceStatus: StatusRule = object => {
  const spec = object.spec as { type?: string } | undefined
  if (spec?.type !== 'LoadBalancer') return current(spec?.type ?? 'ClusterIP')
  const ingress =
    (object.status?.loadBalancer as { ingress?: { ip?: string; hostname?: string }[] } | undefined)
      ?.ingress ?? []
  if (ingress.length === 0) return inProgress('waiting for a load balancer address')
  return current(`load balancer at ${ingress.map(entry => entry.ip ?? entry.hostname).join(', ')}`)
}

/** apiextensions.k8s.io/v1 CustomResourceDefinition: names accepted and Established. */
export const crdStatus: StatusRule = object => {
  const names = conditionOf(object, 'NamesAccepted')
  if (names?.status === 'False') return failed(`NamesAccepted=False: ${names.message ?? names.reason ?? ''}`)
  if (conditionOf(object, 'Established')?.status === 'True' && names?.status === 'True')
    return current('established')
  return inProgress('waiting for Established')
}
