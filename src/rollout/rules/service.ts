import { current, inProgress, type Rule } from './rule.js'

/** v1 Service: a LoadBalancer is ready once it has an ingress address; other types are ready at once. */
export const serviceRule: Rule = ({ object }) => {
  const spec = object.spec as { type?: string } | undefined
  if (spec?.type !== 'LoadBalancer') return current(spec?.type ?? 'ClusterIP')
  const ingress =
    (object.status?.loadBalancer as { ingress?: { ip?: string; hostname?: string }[] } | undefined)
      ?.ingress ?? []
  if (ingress.length === 0) return inProgress('waiting for a load balancer address')
  return current(`load balancer at ${ingress.map(entry => entry.ip ?? entry.hostname).join(', ')}`)
}
