import { mkdtemp, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { parseChecksum, sha256File } from '../../src/tool-installers/download.js'
import { helmUrl } from '../../src/tool-installers/helm.js'
import { kubectlUrl } from '../../src/tool-installers/kubectl.js'
import { hostPlatform } from '../../src/tool-installers/platform.js'

const digest = 'a'.repeat(64)

describe('tool download', () => {
  it('reads both published checksum forms', () => {
    expect(parseChecksum(`${digest}\n`, 'x')).toBe(digest)
    expect(parseChecksum(`${digest.toUpperCase()}  helm-v3.19.5-linux-amd64.tar.gz\n`, 'x')).toBe(digest)
    expect(() => parseChecksum('<html>not found</html>', 'https://m/kubectl.sha256')).toThrow(
      /does not hold a sha256/
    )
  })

  it('hashes a file', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'sha-')), 'f')
    await writeFile(file, 'abc')
    expect(await sha256File(file)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

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

  it('refuses platforms upstream does not publish', () => {
    expect(() => hostPlatform('aix', 'x64')).toThrow(/unsupported operating system/)
    expect(() => hostPlatform('linux', 'ia32')).toThrow(/unsupported architecture/)
  })
})
