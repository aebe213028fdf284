import { applySetId } from '../../../src/deploy/removal/applyset.js'
import { selectPrunable, type PruneScope } from '../../../src/deploy/removal/prune-selection.js'
import { refKey, type KubeObject } from '../../../src/kube-object.js'

const ID = applySetId('web', 'shop', 'Secret', '')
const OTHER = applySetId('other', 'shop', 'Secret', '')

function object(kind: string, name: string, namespace?: string, partOf: string | null = ID): KubeObject {
  const apiVersion = kind === 'Deployment' ? 'apps/v1' : 'v1'
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      labels: partOf ? { 'applyset.kubernetes.io/part-of': partOf } : {}
    }
  }
}

/** A version of a versioned ConfigMap in the set, as versioned-config.ts labels it. */
function versionOf(base: string, name: string): KubeObject {
  const version = object('ConfigMap', name, 'shop')
  version.metadata.labels = { ...version.metadata.labels, 'kube-deploy.dev/versioned-from': base }
  return version
}

const declared = (...objects: KubeObject[]): Set<string> =>
  new Set(objects.map(item => refKey({ ...item.metadata, apiVersion: item.apiVersion, kind: item.kind })))

const scope = (overrides: Partial<PruneScope> = {}): PruneScope => ({
  id: ID,
  declared: declared(object('ConfigMap', 'kept', 'shop'), object('Deployment', 'web', 'shop')),
  protectedNamespaces: new Set(['shop']),
  versionLines: new Set(['ConfigMap/shop/web-config']),
  ...overrides
})

type Row = [name: string, listed: KubeObject[], scope: PruneScope, pruned: string[]]

const rows: Row[] = [
  [
    'nothing dropped: nothing pruned',
    [object('ConfigMap', 'kept', 'shop'), object('Deployment', 'web', 'shop')],
    scope(),
    []
  ],
  [
    'a member the manifests dropped is pruned',
    [object('ConfigMap', 'kept', 'shop'), object('ConfigMap', 'dropped', 'shop')],
    scope(),
    ['ConfigMap/shop/dropped']
  ],
  [
    'an object without the part-of label is never pruned',
    [object('ConfigMap', 'outsider', 'shop', null)],
    scope(),
    []
  ],
  [
    'a member of another ApplySet is never pruned',
    [object('ConfigMap', 'theirs', 'shop', OTHER)],
    scope(),
    []
  ],
  [
    'the same name in another namespace is another object',
    [object('ConfigMap', 'kept', 'elsewhere')],
    scope(),
    ['ConfigMap/elsewhere/kept']
  ],
  ['the namespace the run deploys into is never pruned', [object('Namespace', 'shop')], scope(), []],
  [
    'a Namespace the new set lives in is never pruned; one it left is',
    [object('Namespace', 'shop'), object('Namespace', 'extra'), object('Namespace', 'old')],
    scope({ protectedNamespaces: new Set(['shop', 'extra']) }),
    ['Namespace//old']
  ],
  [
    'a Namespace still declared is kept',
    [object('Namespace', 'old')],
    scope({ declared: declared(object('Namespace', 'old')) }),
    []
  ],
  [
    'an object listed twice is pruned once',
    [object('ConfigMap', 'gone', 'shop'), object('ConfigMap', 'gone', 'shop')],
    scope(),
    ['ConfigMap/shop/gone']
  ],
  [
    "older versions of a versioned ConfigMap the set still declares are its history, not the prune's",
    [versionOf('web-config', 'web-config-old1'), versionOf('gone-config', 'gone-config-x1')],
    scope(),
    ['ConfigMap/shop/gone-config-x1']
  ],
  [
    'cluster-scoped members are pruned like the rest',
    [object('PersistentVolume', 'pv-1')],
    scope(),
    ['PersistentVolume//pv-1']
  ]
]

describe('selectPrunable', () => {
  it.each(rows)('%s', (_name, listed, pruneScope, expected) => {
    expect(
      selectPrunable(listed, pruneScope).map(
        item => `${item.kind}/${item.metadata.namespace ?? ''}/${item.metadata.name}`
      )
    ).toEqual(expected)
  })
})
