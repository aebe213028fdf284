import type { KubeObject } from '../../src/kube-object.js'
import { parseImageReference, substituteImages } from '../../src/manifests/images.js'

describe('parseImageReference', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx', undefined, undefined],
    ['nginx:1.27', 'docker.io/library/nginx', '1.27', undefined],
    ['docker.io/nginx', 'docker.io/library/nginx', undefined, undefined],
    ['index.docker.io/library/nginx:1', 'docker.io/library/nginx', '1', undefined],
    ['acme/web:2', 'docker.io/acme/web', '2', undefined],
    ['ghcr.io/acme/web:1.2@sha256:abc', 'ghcr.io/acme/web', '1.2', 'sha256:abc'],
    ['localhost:5000/app', 'localhost:5000/app', undefined, undefined],
    ['registry.local:5000/team/app:v1', 'registry.local:5000/team/app', 'v1', undefined]
  ])('%s', (reference, repository, tag, digest) => {
    expect(parseImageReference(reference)).toEqual({ repository, tag, digest })
  })
})

describe('substituteImages', () => {
  const objects = (): KubeObject[] => [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        template: {
          spec: {
            initContainers: [{ name: 'migrate', image: 'ghcr.io/acme/web:old' }],
            containers: [
              { name: 'web', image: 'ghcr.io/acme/web@sha256:0000' },
              { name: 'proxy', image: 'nginx:1.25' }
            ]
          }
        }
      }
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: {
        jobTemplate: {
          spec: { template: { spec: { containers: [{ name: 'job', image: 'docker.io/library/nginx' }] } } }
        }
      }
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] }
    }
  ]

  it('replaces every container of the same repository, in every pod spec form', () => {
    const items = objects()
    const { changes, unused } = substituteImages(items, [
      'ghcr.io/acme/web:1.4.2',
      'nginx:1.27',
      'quay.io/nobody/x:1'
    ])
    expect(changes.map(change => `${change.object}/${change.container}=${change.to}`)).toEqual([
      'Deployment/web/migrate=ghcr.io/acme/web:1.4.2',
      'Deployment/web/web=ghcr.io/acme/web:1.4.2',
      'Deployment/web/proxy=nginx:1.27',
      'CronJob/nightly/job=nginx:1.27'
    ])
    expect(unused).toEqual(['quay.io/nobody/x:1'])
    expect((items[2].spec as { containers: { image: string }[] }).containers[0].image).toBe('busybox')
  })
})
