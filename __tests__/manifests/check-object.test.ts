import { checkObject } from '../../src/manifests/check-object.js'

const object = (apiVersion: string, kind: string, metadata: Record<string, unknown>) => ({
  apiVersion,
  kind,
  metadata
})

describe('checkObject', () => {
  it.each([
    // namespaces: DNS labels, or they would change the API paths they go into
    [
      object('v1', 'ConfigMap', { name: 'a', namespace: 'shop?dryRun=All' }),
      /app.yaml:3: ConfigMap a: metadata.namespace "shop\?dryRun=All" is not a namespace name/
    ],
    [object('v1', 'ConfigMap', { name: 'a', namespace: 'shop#x' }), /metadata.namespace "shop#x"/],
    [object('v1', 'ConfigMap', { name: 'a', namespace: '../kube-system' }), /metadata.namespace/],
    [object('v1', 'ConfigMap', { name: 'a', namespace: 'Shop' }), /metadata.namespace "Shop"/],
    [object('v1', 'ConfigMap', { name: 'a', namespace: '' }), /metadata.namespace ""/],
    [object('v1', 'ConfigMap', { name: 'a', namespace: 7 }), /metadata.namespace 7/],
    [object('v1', 'ConfigMap', { name: 'a', namespace: 'a'.repeat(64) }), /metadata.namespace/],
    // names: valid for their kind
    [
      object('v1', 'ConfigMap', { name: 'web?x=1' }),
      /app.yaml:3: ConfigMap name "web\?x=1" is not a valid name/
    ],
    [object('v1', 'ConfigMap', { name: 'a/b' }), /ConfigMap name "a\/b" is not a valid name/],
    [object('v1', 'ConfigMap', { name: 'system:web' }), /ConfigMap name "system:web" is not a valid name/],
    [object('apps/v1', 'Deployment', { name: '-web' }), /Deployment name "-web"/],
    [object('apps/v1', 'Deployment', { name: 'a'.repeat(254) }), /Deployment name/],
    [object('v1', 'Namespace', { name: 'a.b' }), /Namespace name "a.b" is not a namespace name/],
    [object('v1', 'Service', { name: '1web' }), /Service name "1web" is not a Service name/],
    [
      object('rbac.authorization.k8s.io/v1', 'ClusterRole', { name: 'a/b' }),
      /ClusterRole name "a\/b" is not an RBAC name/
    ],
    [object('rbac.authorization.k8s.io/v1', 'Role', { name: '..' }), /Role name "\.\." is not an RBAC name/],
    [object('rbac.authorization.k8s.io/v1', 'Role', { name: '100%' }), /is not an RBAC name/],
    [object('acme.io/v1', 'Widget', { name: 'Big_Widget' }), /Widget name "Big_Widget" is not a valid name/],
    // apiVersion and kind: what discovery could serve
    [object('apps/v1?x', 'Deployment', { name: 'a' }), /apiVersion "apps\/v1\?x" is not group\/version/],
    [object('/v1', 'Deployment', { name: 'a' }), /apiVersion "\/v1"/],
    [object('a/b/v1', 'Deployment', { name: 'a' }), /apiVersion "a\/b\/v1"/],
    [object('v1', 'Config Map', { name: 'a' }), /kind "Config Map" is not a kind name/],
    [object('v1', 'ConfigMap', {}), /ConfigMap has no metadata.name/],
    ['text', /must be a mapping/]
  ])('rejects %j', (value, message) => {
    expect(() => checkObject(value, 'app.yaml', 3)).toThrow(message)
  })

  it.each([
    object('v1', 'ConfigMap', { name: 'web.config-1', namespace: 'shop' }),
    object('v1', 'Namespace', { name: 'shop' }),
    object('v1', 'Service', { name: 'web' }),
    object('rbac.authorization.k8s.io/v1', 'ClusterRole', { name: 'system:aggregate-to-edit' }),
    object('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', { name: 'system:Deployer' }),
    object('apiextensions.k8s.io/v1', 'CustomResourceDefinition', { name: 'widgets.acme.io' }),
    object('cert-manager.io/v1', 'Certificate', { name: 'web-tls', namespace: 'a'.repeat(63) }),
    object('v1', 'List', {})
  ])('takes %j', value => {
    expect(checkObject(value, 'app.yaml', 3)).toBe(value)
  })
})
