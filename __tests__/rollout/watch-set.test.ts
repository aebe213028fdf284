import { collectionsOf } from '../../src/rollout/watch-set.js'

const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }
const conf = { apiVersion: 'v1', kind: 'ConfigMap', name: 'conf', namespace: 'shop' }
const widget = { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', namespace: 'shop' }

describe('collectionsOf', () => {
  it('watches a kind without a rollout only when it is to be gone', () => {
    expect(collectionsOf({ targets: [conf] })).toEqual([])
    expect(collectionsOf({ targets: [conf], departures: [conf] })).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'shop',
        fieldSelector: 'metadata.name=conf',
        optional: true
      }
    ])
  })

  it('watches a deleted workload itself, none of its pods; a kind whose CRD may go is optional', () => {
    expect(collectionsOf({ targets: [web, widget], departures: [web, widget] })).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'shop',
        fieldSelector: 'metadata.name=web',
        optional: true
      },
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        namespace: 'shop',
        fieldSelector: 'metadata.name=w',
        optional: true
      }
    ])
  })

  it('still watches the pods of a workload that stays', () => {
    const kinds = collectionsOf({ targets: [web, conf], departures: [conf] }).map(spec => spec.kind)
    expect(kinds).toEqual(['Deployment', 'ConfigMap', 'Pod', 'Event', 'ReplicaSet'])
  })
})
