import type { KubeObject } from '../../../src/kube-object.js'
import {
  boundDiff,
  normaliseForDiff,
  objectDiff,
  removedObjectDiff,
  toYaml
} from '../../../src/deploy/preview/object-diff.js'
import { fixture } from '../../fixtures.js'

/** The live Deployment as the server serves it, bookkeeping and all. */
function liveDeployment(): KubeObject {
  const live = fixture('deployment-complete')
  live.metadata.managedFields = [
    { manager: 'kube-deploy', operation: 'Apply', apiVersion: 'apps/v1', time: '2026-11-23T10:00:00Z' }
  ]
  live.metadata.annotations = {
    ...live.metadata.annotations,
    'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"Deployment"}'
  }
  return live
}

/** What a dry run of a new image answers: the same object, a new generation and image, no status change. */
function plannedDeployment(image: string): KubeObject {
  const planned = liveDeployment()
  planned.metadata.generation = 3
  planned.metadata.managedFields = [
    { manager: 'kube-deploy', operation: 'Apply', apiVersion: 'apps/v1', time: '2026-11-26T12:00:00Z' }
  ]
  const containers = (planned.spec?.template as { spec: { containers: { image: string }[] } }).spec.containers
  containers[0].image = image
  return planned
}

describe('normaliseForDiff', () => {
  it('drops status, the server bookkeeping and the last-applied annotation, and keeps the rest', () => {
    const normal = normaliseForDiff(liveDeployment())
    expect(Object.keys(normal)).toEqual(['apiVersion', 'kind', 'metadata', 'spec'])
    expect(normal.metadata).toEqual({
      annotations: { 'deployment.kubernetes.io/revision': '2' },
      name: 'web',
      namespace: 'shop'
    })
  })

  it("leaves out the provenance annotations (they change with every commit) and a canary's promotes-to, and keeps the others", () => {
    const stamped = (commit: string): KubeObject => {
      const object = liveDeployment()
      object.metadata.annotations = {
        ...object.metadata.annotations,
        'kube-deploy.dev/commit': commit,
        'kube-deploy.dev/run-url': `https://github.com/acme/shop/actions/runs/${commit}`,
        'kubernetes.io/change-cause': `kube-deploy ${commit}`,
        'kube-deploy.dev/promotes-to': `{"metadata":{"name":"web"},"commit":"${commit}"}`,
        'example.com/owner': 'team-web'
      }
      return object
    }
    expect((normaliseForDiff(stamped('1111111')).metadata as Record<string, unknown>).annotations).toEqual({
      'deployment.kubernetes.io/revision': '2',
      'example.com/owner': 'team-web'
    })
    expect(objectDiff(stamped('1111111'), stamped('2222222')).action).toBe('unchanged')
  })

  it('drops an annotation map left empty, and leaves its argument alone', () => {
    const live = liveDeployment()
    delete live.metadata.annotations?.['deployment.kubernetes.io/revision']
    expect((normaliseForDiff(live).metadata as Record<string, unknown>).annotations).toBeUndefined()
    expect(live.metadata.managedFields).toBeDefined()
    expect(live.status).toBeDefined()
  })

  it('orders keys the same way whatever order the server answered in', () => {
    const one = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', labels: { y: '1', x: '2' } },
      data: { b: '1', a: '2' }
    }
    const other = {
      data: { a: '2', b: '1' },
      metadata: { labels: { x: '2', y: '1' }, name: 'a' },
      kind: 'ConfigMap',
      apiVersion: 'v1'
    }
    expect(toYaml(normaliseForDiff(one))).toBe(toYaml(normaliseForDiff(other)))
    expect(toYaml(normaliseForDiff(one)).split('\n')[0]).toBe('apiVersion: v1')
  })
})

describe('objectDiff', () => {
  it('a new image is a configured Deployment whose diff is the image line', () => {
    const { action, diff } = objectDiff(liveDeployment(), plannedDeployment('ghcr.io/acme/web:1.5.0'))
    expect(action).toBe('configured')
    const changes = (diff ?? '').split('\n').filter(line => /^[-+]/.test(line))
    expect(changes).toEqual([
      '-        - image: ghcr.io/acme/web:1.4.2',
      '+        - image: ghcr.io/acme/web:1.5.0'
    ])
    expect(diff).toMatch(/^@@ -\d+,7 \+\d+,7 @@/)
  })

  it('the same object answered again is unchanged, whatever its generation, timestamps and status', () => {
    const planned = plannedDeployment('ghcr.io/acme/web:1.4.2')
    planned.status = { observedGeneration: 3 }
    expect(objectDiff(liveDeployment(), planned)).toEqual({ action: 'unchanged' })
  })

  it('an object with no live version is created, shown whole', () => {
    const { action, diff } = objectDiff(undefined, plannedDeployment('ghcr.io/acme/web:1.5.0'))
    expect(action).toBe('created')
    const lines = (diff ?? '').split('\n')
    expect(lines[0]).toMatch(/^@@ -0,0 \+1,\d+ @@$/)
    expect(lines.slice(1).every(line => line.startsWith('+'))).toBe(true)
    expect(diff).toContain('+kind: Deployment')
    expect(diff).not.toContain('managedFields')
  })

  it('strips control characters from cluster text', () => {
    const live: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: 'x' }
    }
    const planned = { ...live, data: { a: 'y\u001b[31mred\u0007' } }
    expect(objectDiff(live, planned).diff).not.toMatch(new RegExp(String.raw`[\u0000-\u0008\u001b]`))
  })
})

describe('a Secret in the diff', () => {
  const hostile = 'hunter2-```</details>\n::add-mask::x'
  const b64 = (text: string): string => Buffer.from(text).toString('base64')
  const secret = (data: Record<string, string>, extra: Partial<KubeObject> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'db',
      namespace: 'shop',
      resourceVersion: '9',
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
          stringData: { password: hostile }
        })
      }
    },
    type: 'Opaque',
    data,
    ...extra
  })
  const leaks = (diff: string | undefined): string[] =>
    [hostile, b64(hostile), 'hunter2', b64('old-value'), 'old-value', 'password'].filter(value =>
      (diff ?? '').includes(value)
    )

  it('counts the keys changed, never shows a value (nor its base64, nor its key)', () => {
    const { action, diff } = objectDiff(
      secret({ password: b64('old-value'), user: b64('app') }),
      secret({ password: b64(hostile), user: b64('app') })
    )
    expect(action).toBe('configured')
    expect(diff).toContain('-data: "<hidden: 2 keys>"')
    expect(diff).toContain('+data: "<hidden: 1 key changed>"')
    expect(leaks(diff)).toEqual([])
  })

  it('counts added and removed keys, and stringData as the server would store it', () => {
    const live = secret({ password: b64('old-value'), gone: b64('x') })
    const planned = secret({}, { stringData: { password: 'old-value', added: hostile } })
    delete planned.data
    const { diff } = objectDiff(live, planned)
    expect(diff).toContain('+data: "<hidden: 2 keys changed>"')
    expect(leaks(diff)).toEqual([])
  })

  it('is unchanged when its values are the same, and created with its keys counted', () => {
    expect(objectDiff(secret({ password: b64(hostile) }), secret({ password: b64(hostile) }))).toEqual({
      action: 'unchanged'
    })
    const created = objectDiff(undefined, secret({}, { stringData: { password: hostile } }))
    expect(created.action).toBe('created')
    expect(created.diff).toContain('+data: "<hidden: 1 key changed>"')
    expect(leaks(created.diff)).toEqual([])
  })

  it('hides the data of a Secret whose other fields change, and says nothing of unchanged data', () => {
    const live = secret({ password: b64(hostile) })
    const planned = secret(
      { password: b64(hostile) },
      { metadata: { ...live.metadata, labels: { tier: 'db' } } }
    )
    const { diff } = objectDiff(live, planned)
    expect(diff).toContain('+  labels:')
    expect(diff).toContain(' data: "<hidden: 1 key>"')
    expect(leaks(diff)).toEqual([])
  })
})

describe('removedObjectDiff', () => {
  it('removes every line of the live object, normalised, its Secret data hidden', () => {
    const live: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'old', namespace: 'shop', uid: 'u1', resourceVersion: '4' },
      data: { token: Buffer.from('hunter2-token').toString('base64') }
    }
    expect(removedObjectDiff(live)).toBe(
      [
        '@@ -1,6 +0,0 @@',
        '-apiVersion: v1',
        '-kind: Secret',
        '-metadata:',
        '-  name: old',
        '-  namespace: shop',
        '-data: "<hidden: 1 key>"'
      ].join('\n')
    )
  })
})

describe('boundDiff', () => {
  const diff = Array.from({ length: 10 }, (_, index) => `+line ${index}`).join('\n')

  it('keeps a diff within its limits whole', () => {
    expect(boundDiff(diff, 10, 1000)).toBe(diff)
  })

  it('cuts a diff at its line or character limit, saying how much was left out', () => {
    expect(boundDiff(diff, 3, 1000)).toBe('+line 0\n+line 1\n+line 2\n… 7 more lines of this diff not shown')
    expect(boundDiff(diff, 100, 16)).toBe('+line 0\n+line 1\n… 8 more lines of this diff not shown')
  })
})
