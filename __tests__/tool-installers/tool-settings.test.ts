import { Inputs } from '../../src/constants.js'
import { checkMirror, checkSha256 } from '../../src/tool-installers/tool-settings.js'

describe('tool inputs', () => {
  it('accepts https mirrors, and strips a trailing slash', () => {
    expect(checkMirror('https://mirror.example.com/k8s/', Inputs.KubectlMirror, false)).toBe(
      'https://mirror.example.com/k8s'
    )
  })

  it('refuses a plain-http mirror without allow-insecure-mirror, naming both inputs', () => {
    expect(() => checkMirror('http://10.0.0.5/helm', Inputs.HelmMirror, false)).toThrow(
      'input "helm-mirror": "http://10.0.0.5/helm" is plain http: anyone on the network path could swap ' +
        'the download. Use https, or set `allow-insecure-mirror: true` together with `helm-sha256`'
    )
    expect(() => checkMirror('HTTP://10.0.0.5/k', Inputs.KubectlMirror, false)).toThrow(
      /input "kubectl-mirror": .* together with `kubectl-sha256`/
    )
    expect(checkMirror('http://10.0.0.5/helm/', Inputs.HelmMirror, true)).toBe('http://10.0.0.5/helm')
  })

  it('refuses what is not an http(s) URL', () => {
    expect(() => checkMirror('ftp://x', Inputs.KubectlMirror, true)).toThrow(
      'input "kubectl-mirror": "ftp://x" is not an http(s) URL'
    )
  })

  it('reads a sha256 as 64 hex characters, in lower case', () => {
    expect(checkSha256('', Inputs.KubectlSha256)).toBeUndefined()
    expect(checkSha256('AB'.repeat(32), Inputs.KubectlSha256)).toBe('ab'.repeat(32))
    for (const bad of ['ab'.repeat(31), 'g'.repeat(64), `sha256:${'a'.repeat(64)}`, 'a'.repeat(65)]) {
      expect(() => checkSha256(bad, Inputs.HelmSha256)).toThrow(
        `input "helm-sha256": "${bad}" is not a sha256 digest (64 hexadecimal characters)`
      )
    }
  })
})
