import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { ACTION_VERSION } from '../../../src/constants.js'
import {
  applySetId,
  applySetOf,
  parentObject,
  readParent,
  TOOLING,
  unionOf
} from '../../../src/deploy/removal/applyset.js'
import type { KubeObject } from '../../../src/kube-object.js'

/**
 * The parent kubectl v1.33 wrote for `KUBECTL_APPLYSET=true kubectl apply -n applyset-probe --prune
 * --applyset=web --server-side` of a ConfigMap and a Deployment, on the local control plane.
 */
const kubectlParent: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'web',
    namespace: 'applyset-probe',
    annotations: {
      'applyset.kubernetes.io/additional-namespaces': '',
      'applyset.kubernetes.io/contains-group-kinds': 'ConfigMap,Deployment.apps',
      'applyset.kubernetes.io/tooling': 'kubectl/v1.33.13'
    },
    labels: { 'applyset.kubernetes.io/id': 'applyset-i6kuW91kiRmE6vzmsGWeW0eFTfVCXyV22CBsfcKg05k-v1' },
    uid: 'bce93fdf-b41e-4bb5-b3bf-f740c8737a43'
  },
  type: 'Opaque'
}

describe('applySetId', () => {
  it('is the id kubectl computes for the same parent', () => {
    expect(applySetId('web', 'applyset-probe', 'Secret', '')).toBe(
      kubectlParent.metadata.labels?.['applyset.kubernetes.io/id']
    )
    expect(applySetOf('web', 'applyset-probe').id).toBe(applySetId('web', 'applyset-probe', 'Secret', ''))
  })
  it('differs by name, namespace, kind and group; base64url without padding', () => {
    const ids = [
      applySetId('web', 'shop', 'Secret', ''),
      applySetId('web', 'shop2', 'Secret', ''),
      applySetId('web2', 'shop', 'Secret', ''),
      applySetId('web', 'shop', 'ConfigMap', ''),
      applySetId('web', 'shop', 'Set', 'example.com')
    ]
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^applyset-[A-Za-z0-9_-]{43}-v1$/)
  })
})

describe('the parent', () => {
  const set = applySetOf('web', 'applyset-probe')

  it('is written with the labels and annotations kubectl writes, naming kube-deploy as its tool', () => {
    const parent = parentObject(set, {
      groupKinds: ['Deployment.apps', 'ConfigMap', 'ConfigMap'],
      namespaces: ['applyset-probe', 'applyset-probe']
    })
    expect(parent.metadata.labels).toEqual(kubectlParent.metadata.labels)
    expect(parent.metadata.annotations).toEqual({
      ...kubectlParent.metadata.annotations,
      'applyset.kubernetes.io/tooling': `kube-deploy/v${ACTION_VERSION}`
    })
    expect(TOOLING).toBe(`kube-deploy/v${ACTION_VERSION}`)
  })

  it('lists other namespaces sorted, not the parent own, and kinds of every group', () => {
    const parent = parentObject(set, {
      groupKinds: ['Widget.example.com', 'Namespace', 'ClusterRole.rbac.authorization.k8s.io'],
      namespaces: ['zeta', 'applyset-probe', 'alpha', '']
    })
    expect(parent.metadata.annotations).toMatchObject({
      'applyset.kubernetes.io/contains-group-kinds':
        'ClusterRole.rbac.authorization.k8s.io,Namespace,Widget.example.com',
      'applyset.kubernetes.io/additional-namespaces': 'alpha,zeta'
    })
  })

  it('reads what a parent of its own held; none is an empty set', () => {
    const ours = parentObject(set, { groupKinds: ['ConfigMap', 'Deployment.apps'], namespaces: ['other'] })
    expect(readParent(set, ours)).toEqual({
      groupKinds: ['ConfigMap', 'Deployment.apps'],
      namespaces: ['other']
    })
    expect(readParent(set, undefined)).toEqual({ groupKinds: [], namespaces: [] })
    expect(unionOf({ groupKinds: ['A'], namespaces: ['x'] }, { groupKinds: ['B'], namespaces: [] })).toEqual({
      groupKinds: ['A', 'B'],
      namespaces: ['x']
    })
  })

  it('refuses a set another tool manages, as kubectl refuses ours', () => {
    expect(() => readParent(set, kubectlParent)).toThrow(
      'secret/web in namespace applyset-probe is the ApplySet of another tool (applyset.kubernetes.io/tooling: kubectl/v1.33.13); kube-deploy does not change it'
    )
  })

  it('refuses a Secret of that name that is no parent, or the parent of another set', () => {
    const plain: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'web', namespace: 'applyset-probe' }
    }
    expect(() => readParent(set, plain)).toThrow('exists and is not an ApplySet parent')
    const other = parentObject(applySetOf('web', 'elsewhere'), { groupKinds: [], namespaces: [] })
    expect(() => readParent(set, other)).toThrow('is the parent of another ApplySet')
  })

  it('names the version package.json has', () => {
    const pkg = JSON.parse(
      readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')
    ) as { version: string }
    expect(ACTION_VERSION).toBe(pkg.version)
  })
})
