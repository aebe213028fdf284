import { contentHash, encodeSuffix, goJson } from '../../src/manifests/content-hash.js'
import type { KubeObject } from '../../src/kube-object.js'

const configMap = (name: string, fields: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  ...fields
})
const secret = (name: string, fields: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name },
  ...fields
})

/**
 * The suffixes `kubectl kustomize` (v1.33.13, kustomize v5) gave the same objects from a
 * configMapGenerator / secretGenerator: the name and the hash match what kustomize users know.
 */
describe('contentHash, as kustomize names generated objects', () => {
  it.each([
    [
      'web-config-2g27552bdm',
      configMap('web-config', { data: { GREETING: 'hello from kube-deploy', LOG_LEVEL: 'info' } })
    ],
    ['empty-6ct58987ht', configMap('empty', {})],
    ['html-9hht6kcbc8', configMap('html', { data: { A: '<b> & c', B: 'line1\nline2' } })],
    ['bin-b5bf5g84m5', configMap('bin', { binaryData: { 'blob.bin': 'AAH/' } })],
    ['both-6t2chg7hf9', configMap('both', { data: { k: 'v' }, binaryData: { 'blob.bin': 'AAH/' } })],
    [
      'odd-b7tc95mc9t',
      configMap('odd', { data: { 'odd.txt': 'line\u2028sep \u0001 tab\there "quoted" \\ back' } })
    ],
    [
      'numeric-keys-m78b6t4d85',
      configMap('numeric-keys', { data: { a: 'letter', B: 'upper', '2': 'two', '10': 'ten' } })
    ],
    ['creds-25k92892fb', secret('creds', { type: 'Opaque', data: { password: 'czNjcjN0' } })],
    [
      'tls-ish-4b255hm948',
      secret('tls-ish', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'Q0VSVA==', 'tls.key': 'S0VZ' } })
    ]
  ])('%s', (expected, object) => {
    expect(`${object.metadata.name}-${contentHash(object)}`).toBe(expected)
  })

  it('depends on the content and a Secret type only, as kustomize hashes them', () => {
    const base = configMap('web', { data: { a: '1' } })
    const labelled = { ...base, metadata: { ...base.metadata, labels: { x: 'y' }, namespace: 'shop' } }
    expect(contentHash(labelled)).toBe(contentHash(base))
    expect(contentHash(configMap('web', { data: { a: '2' } }))).not.toBe(contentHash(base))
    expect(contentHash(configMap('api', { data: { a: '1' } }))).toBe(contentHash(base))
    const opaque = secret('s', { type: 'Opaque', data: { a: 'MQ==' } })
    expect(contentHash(secret('s', { data: { a: 'MQ==' } }))).not.toBe(contentHash(opaque))
    expect(
      contentHash(secret('s', { type: 'Opaque', data: { a: 'MQ==' }, stringData: { b: '2' } }))
    ).not.toBe(contentHash(opaque))
  })

  it('is a short suffix of safe characters', () => {
    expect(encodeSuffix('0123456789abcdef')).toBe('gh2k456789')
    expect(contentHash(configMap('x', { data: { a: 'b' } }))).toMatch(/^[a-z0-9]{10}$/)
  })

  it("writes JSON as Go's encoding/json does", () => {
    expect(goJson({ b: 1, a: ['<', '>', '&', '\u2029'], '10': null, '2': true })).toBe(
      '{"10":null,"2":true,"a":["\\u003c","\\u003e","\\u0026","\\u2029"],"b":1}'
    )
  })
})
