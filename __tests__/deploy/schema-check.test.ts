import { checkAgainstCrd, crdSchemaProblems, crdsByKind } from '../../src/deploy/schema-check.js'
import type { KubeObject } from '../../src/kube-object.js'
import { ManifestError } from '../../src/support/errors.js'
import { crdFor, objectFor, SCHEMA_GROUPS, schemaRows } from './support/crd-schema-cases.js'

describe('custom resources checked against the schema of their CRD', () => {
  const create = { serverSide: false }

  it.each(schemaRows())('$name', ({ group, index, serverSide, refused }) => {
    const problems = crdSchemaProblems(objectFor(group, index), crdFor(group), { serverSide })
    if (refused) expect(problems.join('\n')).toMatch(refused)
    else expect(problems).toEqual([])
  })

  const typed = SCHEMA_GROUPS[0]
  const widget = (apiVersion: string): KubeObject => ({ ...objectFor(typed, 0), apiVersion })

  it('refuses a version the CRD does not define, or does not serve', () => {
    const crd = crdFor(typed)
    expect(crdSchemaProblems(widget('schema-cases.kube-deploy.test/v2'), crd, create)).toEqual([
      'the CRD defines no version v2 (it defines v1)'
    ])
    const versions = (crd.spec as { versions: { served: boolean }[] }).versions
    versions[0].served = false
    expect(crdSchemaProblems(objectFor(typed, 0), crd, create)).toEqual([
      'version v1 is not served by the CRD'
    ])
  })

  it('never changes the object it checks (defaults are filled in on a copy)', () => {
    const defaulted = SCHEMA_GROUPS.find(group => group.name === 'defaulted')!
    const object = objectFor(defaulted, 0)
    const before = JSON.stringify(object)
    expect(crdSchemaProblems(object, crdFor(defaulted), create)).toEqual([])
    expect(JSON.stringify(object)).toBe(before)
  })

  it('names the file, line, object, CRD and every field in its error', () => {
    const entry = {
      object: { ...objectFor(typed, 0), spec: { size: 'big', colour: 'red' } },
      source: 'crs.yaml',
      line: 12
    }
    const check = (): void => checkAgainstCrd(entry, crdFor(typed), create)
    expect(check).toThrow(ManifestError)
    expect(check).toThrow(
      'crs.yaml:12: TypedCase "case-0" does not match the schema of CustomResourceDefinition ' +
        'typedcases.schema-cases.kube-deploy.test: unknown field "spec.colour"; spec.size: must be of type integer, got string'
    )
  })

  it('shows five problems and counts the rest', () => {
    const spec = { size: 1, a: 1, b: 1, c: 1, d: 1, e: 1, f: 1 }
    const entry = { object: { ...objectFor(typed, 0), spec }, source: 'crs.yaml', line: 1 }
    expect(() => checkAgainstCrd(entry, crdFor(typed), create)).toThrow(/"spec\.e" \(and 1 more\)$/)
  })

  it('finds the CRD of each kind the set defines', () => {
    const crds = [crdFor(SCHEMA_GROUPS[0]), crdFor(SCHEMA_GROUPS[1])]
    const byKind = crdsByKind([...crds, objectFor(typed, 0)])
    expect([...byKind.keys()]).toEqual([
      'TypedCase.schema-cases.kube-deploy.test',
      'PreservingCase.schema-cases.kube-deploy.test'
    ])
  })
})
