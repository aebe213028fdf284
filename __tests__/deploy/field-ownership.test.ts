import { adoptClientSideFields, type ManagedFieldsEntry } from '../../src/deploy/field-ownership.js'
import type { KubeObject } from '../../src/kube-object.js'

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

function objectWith(managedFields: ManagedFieldsEntry[], annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'shop', resourceVersion: '41', managedFields, annotations }
  }
}

const clientSide: ManagedFieldsEntry = {
  manager: 'kubectl-client-side-apply',
  operation: 'Update',
  apiVersion: 'v1',
  time: '2026-11-01T10:00:00Z',
  fieldsType: 'FieldsV1',
  fieldsV1: {
    'f:data': { 'f:mode': {} },
    'f:metadata': { 'f:annotations': { '.': {}, [`f:${LAST_APPLIED}`]: {} } }
  }
}
const controller: ManagedFieldsEntry = {
  manager: 'kube-controller-manager',
  operation: 'Update',
  apiVersion: 'v1',
  fieldsType: 'FieldsV1',
  fieldsV1: { 'f:metadata': { 'f:labels': {} } }
}

describe('adoptClientSideFields', () => {
  it('hands the client-side fields to the server-side manager and drops the stale annotation', () => {
    const patch = adoptClientSideFields(
      objectWith([clientSide, controller], { [LAST_APPLIED]: '{}' }),
      'kube-deploy'
    )
    expect(patch).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '41' },
      {
        op: 'replace',
        path: '/metadata/managedFields',
        value: [controller, { ...clientSide, manager: 'kube-deploy', operation: 'Apply' }]
      },
      { op: 'remove', path: '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration' }
    ])
  })

  it('merges them into the fields the manager already applies', () => {
    const owned: ManagedFieldsEntry = {
      manager: 'kube-deploy',
      operation: 'Apply',
      apiVersion: 'v1',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { 'f:size': {} } }
    }
    const patch = adoptClientSideFields(objectWith([owned, clientSide]), 'kube-deploy')
    const adopted = (patch?.[1].value as ManagedFieldsEntry[])[0]
    expect(adopted.manager).toBe('kube-deploy')
    expect(adopted.fieldsV1?.['f:data']).toEqual({ 'f:size': {}, 'f:mode': {} })
  })

  it('has nothing to do for an object only server-side apply and controllers wrote', () => {
    expect(adoptClientSideFields(objectWith([controller]), 'kube-deploy')).toBeUndefined()
    expect(adoptClientSideFields(objectWith([]), 'kube-deploy')).toBeUndefined()
  })
})
