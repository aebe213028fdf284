import { helmUrl } from '../../src/tool-installers/helm.js'
import { kubectlUrl } from '../../src/tool-installers/kubectl.js'
import { hostPlatform, platformKey } from '../../src/tool-installers/platform.js'

describe('platforms', () => {
  it.each([
    [
      'linux',
      'x64',
      'https://dl.k8s.io/release/v1.33.13/bin/linux/amd64/kubectl',
      'https://get.helm.sh/helm-v3.19.5-linux-amd64.tar.gz'
    ],
    [
      'darwin',
      'arm64',
      'https://dl.k8s.io/release/v1.33.13/bin/darwin/arm64/kubectl',
      'https://get.helm.sh/helm-v3.19.5-darwin-arm64.tar.gz'
    ],
    [
      'win32',
      'x64',
      'https://dl.k8s.io/release/v1.33.13/bin/windows/amd64/kubectl.exe',
      'https://get.helm.sh/helm-v3.19.5-windows-amd64.zip'
    ],
    [
      'win32',
      'arm64',
      'https://dl.k8s.io/release/v1.33.13/bin/windows/arm64/kubectl.exe',
      'https://get.helm.sh/helm-v3.19.5-windows-arm64.zip'
    ]
  ])('lays out URLs for %s/%s like upstream', (platform, arch, kubectl, helm) => {
    const target = hostPlatform(platform, arch)
    expect(kubectlUrl('https://dl.k8s.io/release', 'v1.33.13', target)).toBe(kubectl)
    expect(helmUrl('https://get.helm.sh', 'v3.19.5', target)).toBe(helm)
  })

  it('spells a platform the way the pinned table keys it', () => {
    expect(platformKey(hostPlatform('win32', 'arm64'))).toBe('windows/arm64')
    expect(platformKey(hostPlatform('linux', 'x64'))).toBe('linux/amd64')
  })

  it('refuses platforms upstream does not publish', () => {
    expect(() => hostPlatform('aix', 'x64')).toThrow(/unsupported operating system/)
    expect(() => hostPlatform('linux', 'ia32')).toThrow(/unsupported architecture/)
  })
})
