import { expectedDigest, type DigestQuery } from '../../src/tool-installers/expected-digest.js'
import type { PinnedDigests } from '../../src/tool-installers/pinned-digests.js'
import { hostPlatform } from '../../src/tool-installers/platform.js'

const fromInput = 'a'.repeat(64)
const pinnedDigest = 'b'.repeat(64)
const linux = hostPlatform('linux', 'x64')
const pinned: PinnedDigests = { kubectl: { 'v1.33.13': { 'linux/amd64': pinnedDigest } }, helm: {} }

function query(mirror: string, overrides: Partial<DigestQuery> = {}): DigestQuery {
  return {
    tool: 'kubectl',
    version: 'v1.33.13',
    platform: linux,
    mirror,
    checksumUrl: `${mirror}/v1.33.13/bin/linux/amd64/kubectl.sha256`,
    officialChecksumUrl: 'https://dl.k8s.io/release/v1.33.13/bin/linux/amd64/kubectl.sha256',
    ...overrides
  }
}

describe('expectedDigest', () => {
  const official = 'https://dl.k8s.io/release'
  const other = 'https://mirror.example.com/k8s'

  it('takes the input first, over a pinned digest and the official checksum', () => {
    expect(expectedDigest(query(official, { sha256: fromInput }), pinned)).toEqual({
      kind: 'known',
      sha256: fromInput,
      from: 'input "kubectl-sha256"'
    })
    expect(expectedDigest(query(other, { sha256: fromInput }), pinned)).toMatchObject({ sha256: fromInput })
  })

  it('then the pinned digest for this platform, whatever the mirror', () => {
    for (const mirror of [official, other, 'http://127.0.0.1:8080/kubectl']) {
      expect(expectedDigest(query(mirror), pinned)).toEqual({
        kind: 'known',
        sha256: pinnedDigest,
        from: 'the digest kube-deploy pins for linux/amd64'
      })
    }
  })

  it('then, only for the official site, the checksum it publishes', () => {
    const darwin = hostPlatform('darwin', 'arm64')
    expect(expectedDigest(query(official, { platform: darwin }), pinned)).toEqual({
      kind: 'published',
      checksumUrl: `${official}/v1.33.13/bin/linux/amd64/kubectl.sha256`
    })
    expect(expectedDigest(query(official, { version: 'v1.34.0' }), pinned)).toMatchObject({
      kind: 'published'
    })
  })

  it.each([
    ['another https mirror', 'https://mirror.example.com/k8s'],
    ['the official host over http', 'http://dl.k8s.io/release'],
    ['the loopback http mirror', 'http://127.0.0.1:8080/kubectl']
  ])('refuses %s without a digest, naming the input and what to put there', (_, mirror) => {
    expect(() => expectedDigest(query(mirror, { version: 'v1.34.0' }), pinned)).toThrow(
      `input "kubectl-sha256": is required to download kubectl v1.34.0 from ${mirror}: a mirror's own ` +
        'checksum proves nothing, and kube-deploy pins no digest for kubectl v1.34.0 on linux/amd64. Set it ' +
        'to the sha256 the official site publishes for this runner (linux/amd64): ' +
        'https://dl.k8s.io/release/v1.33.13/bin/linux/amd64/kubectl.sha256'
    )
  })

  it('names helm-sha256 for helm', () => {
    expect(() =>
      expectedDigest(query('https://charts.example.com/helm', { tool: 'helm', version: 'v3.19.5' }), pinned)
    ).toThrow(/^input "helm-sha256": is required to download helm v3\.19\.5/)
  })
})
