import type { KubeObject } from '../../src/kube-object.js'
import { orderForApply } from '../../src/manifests/order.js'

const object = (
  apiVersion: string,
  kind: string,
  name: string,
  spec?: Record<string, unknown>
): { object: KubeObject } => ({
  object: { apiVersion, kind, metadata: { name }, spec }
})

describe('orderForApply', () => {
  it('orders CRDs, Namespaces, configuration, the rest, then custom resources of new CRDs', () => {
    const entries = [
      object('example.com/v1', 'Widget', 'w'),
      object('apps/v1', 'Deployment', 'web'),
      object('v1', 'Service', 'web'),
      object('v1', 'ConfigMap', 'conf'),
      object('monitoring.coreos.com/v1', 'ServiceMonitor', 'sm'),
      object('v1', 'Namespace', 'shop'),
      object('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rb'),
      object('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com', {
        group: 'example.com',
        names: { kind: 'Widget' }
      })
    ]
    expect(orderForApply(entries).map(entry => `${entry.object.kind}/${entry.object.metadata.name}`)).toEqual(
      [
        'CustomResourceDefinition/widgets.example.com',
        'Namespace/shop',
        'ConfigMap/conf',
        'RoleBinding/rb',
        'Deployment/web',
        'Service/web',
        'ServiceMonitor/sm',
        'Widget/w'
      ]
    )
  })
})
