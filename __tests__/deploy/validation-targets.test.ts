import { validationTargets } from '../../src/deploy/validation-targets.js'
import type { ManifestObject } from '../../src/manifests/load.js'
import { crdFor, objectFor, SCHEMA_GROUPS } from './support/crd-schema-cases.js'

const entry = (object: ManifestObject['object'], line: number): ManifestObject => ({
  object,
  source: 'all.yaml',
  line
})
const meta = (name: string, namespace?: string) => (namespace ? { name, namespace } : { name })

describe('validationTargets', () => {
  const crd = crdFor(SCHEMA_GROUPS[0])
  const entries = [
    entry(crd, 1),
    entry({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('preview') }, 2),
    entry({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('settings', 'preview') }, 3),
    entry({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web', 'shop') }, 4),
    entry({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta('reader') }, 5),
    entry({ ...objectFor(SCHEMA_GROUPS[0], 0), metadata: meta('widget', 'preview') }, 6),
    entry({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: meta('gadget', 'shop') }, 7)
  ]

  it('dry-runs on the server, in a stand-in, or checks against a new CRD, object by object', () => {
    const chosen = validationTargets(entries, new Set(['preview']), 'shop').map(target => ({
      line: target.entry.line,
      check: target.check,
      ...(target.check === 'stand-in' ? { standIn: target.standIn } : {}),
      ...(target.check === 'schema' ? { crd: target.crd.metadata.name } : {})
    }))
    expect(chosen).toEqual([
      // the CRD itself: the server knows CRDs
      { line: 1, check: 'server' },
      // the Namespace: cluster-scoped, dry-run as it is
      { line: 2, check: 'server' },
      // bound for the namespace being created
      { line: 3, check: 'stand-in', standIn: 'shop' },
      { line: 4, check: 'server' },
      { line: 5, check: 'server' },
      // a custom resource of the new CRD, wherever it goes
      { line: 6, check: 'schema', crd: 'typedcases.schema-cases.kube-deploy.test' },
      // a custom resource of a CRD already in the cluster
      { line: 7, check: 'server' }
    ])
  })

  it('dry-runs every object where it goes when no namespace is being created', () => {
    const targets = validationTargets(entries.slice(1, 5), new Set(), 'shop')
    expect(targets.map(target => target.check)).toEqual(['server', 'server', 'server', 'server'])
  })
})
