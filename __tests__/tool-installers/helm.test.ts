import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { sha256Of } from '../../src/tool-installers/checksum.js'
import { helmArchiveName, helmChecksumUrl, installHelm } from '../../src/tool-installers/helm.js'
import { toolCacheName } from '../../src/tool-installers/install-tool.js'
import { hostPlatform } from '../../src/tool-installers/platform.js'
import type { ToolSettings } from '../../src/tool-installers/tool-settings.js'
import { startFileServer, type FileServer } from './file-server.js'
import { useRunnerFolders, type RunnerFolders } from './runner-folders.js'

const linux = hostPlatform('linux', 'x64')
const archiveName = helmArchiveName('v3.19.5', linux)
let archive: Buffer
let server: FileServer
let folders: RunnerFolders

/** An archive laid out like the published ones: one `linux-amd64/` folder holding the binary. */
beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'helm-archive-'))
  await mkdir(path.join(dir, 'linux-amd64'))
  await writeFile(path.join(dir, 'linux-amd64', 'helm'), '#!/bin/sh\necho helm\n', { mode: 0o755 })
  execFileSync('tar', ['-czf', archiveName, 'linux-amd64'], { cwd: dir })
  archive = await readFile(path.join(dir, archiveName))
})
beforeEach(async () => {
  server = await startFileServer({ [`/helm/${archiveName}`]: archive })
  folders = await useRunnerFolders()
})
afterEach(async () => {
  await server.close()
  folders.restore()
})

function tools(overrides: Partial<ToolSettings>): ToolSettings {
  return {
    kubectlVersion: 'v1.33.13',
    kubectlMirror: 'https://dl.k8s.io/release',
    helmVersion: 'v3.19.5',
    helmMirror: `${server.url}/helm`,
    allowInsecureMirror: true,
    ...overrides
  }
}

describe('installHelm', () => {
  it('publishes its checksums next to the archives', () => {
    expect(helmChecksumUrl('https://get.helm.sh', 'v3.19.5', hostPlatform('win32', 'arm64'))).toBe(
      'https://get.helm.sh/helm-v3.19.5-windows-arm64.zip.sha256sum'
    )
  })

  it('refuses a mirror without a digest, naming helm-sha256', async () => {
    await expect(installHelm(tools({}), linux)).rejects.toThrow(
      /^input "helm-sha256": is required .*https:\/\/get\.helm\.sh\/helm-v3\.19\.5-linux-amd64\.tar\.gz\.sha256sum$/
    )
    expect(server.requests).toEqual([])
  })

  it('caches the verified archive and unpacks it afresh on every run', async () => {
    const settings = tools({ helmSha256: sha256Of(archive) })
    const first = await installHelm(settings, linux, { retryDelayMs: 10 })
    expect(path.basename(first)).toBe('helm')
    expect(first.startsWith(folders.temp)).toBe(true)
    expect(await readFile(first, 'utf8')).toBe('#!/bin/sh\necho helm\n')
    const cached = path.join(folders.toolCache, toolCacheName('helm', settings.helmMirror), '3.19.5', 'amd64')
    expect(await folders.contents(cached)).toEqual([archiveName])

    const second = await installHelm(settings, linux)
    expect(second).not.toBe(first)
    expect(await readFile(second, 'utf8')).toBe('#!/bin/sh\necho helm\n')
    expect(server.requests).toEqual([`/helm/${archiveName}`])

    // An archive swapped in the tool cache is refused, whatever it holds.
    await writeFile(path.join(cached, archiveName), 'swapped')
    await expect(installHelm(settings, linux)).rejects.toThrow(
      `helm v3.19.5: the tool cache holds ${path.join(cached, archiveName)} with sha256 ${sha256Of('swapped')}`
    )
  })
})
