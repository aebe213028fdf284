import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { sha256Of } from '../../src/tool-installers/checksum.js'
import type { ExpectedDigest } from '../../src/tool-installers/expected-digest.js'
import { installTool, toolCacheName, type ToolSource } from '../../src/tool-installers/install-tool.js'
import { hostPlatform } from '../../src/tool-installers/platform.js'
import { startFileServer, type FileServer } from './file-server.js'
import { useRunnerFolders, type RunnerFolders } from './runner-folders.js'

const binary = '#!/bin/sh\necho kubectl\n'
const digest = sha256Of(binary)
const linux = hostPlatform('linux', 'x64')
const fast = { retryDelayMs: 10 }
let server: FileServer
let folders: RunnerFolders

beforeEach(async () => {
  server = await startFileServer({
    '/a/kubectl': binary,
    '/b/kubectl': binary,
    '/a/kubectl.sha256': `${digest}\n`
  })
  folders = await useRunnerFolders()
})
afterEach(async () => {
  await server.close()
  folders.restore()
})

function source(mirror: string, expected: ExpectedDigest = known(digest)): ToolSource {
  return {
    tool: 'kubectl',
    version: 'v1.33.13',
    platform: linux,
    mirror,
    url: `${mirror}/kubectl`,
    expected,
    fileName: 'kubectl'
  }
}

function known(sha256: string): ExpectedDigest {
  return { kind: 'known', sha256, from: 'input "kubectl-sha256"' }
}

/** Puts a file into the tool cache the way tool-cache lays it out (`name/version/arch` + marker). */
async function plant(name: string, content: string): Promise<string> {
  const folder = path.join(folders.toolCache, name, '1.33.13', 'amd64')
  await mkdir(folder, { recursive: true })
  await writeFile(path.join(folder, 'kubectl'), content, { mode: 0o755 })
  await writeFile(`${folder}.complete`, '')
  return folder
}

describe('toolCacheName', () => {
  it('keeps the plain name for the official sites only', () => {
    expect(toolCacheName('kubectl', 'https://dl.k8s.io/release')).toBe('kubectl')
    expect(toolCacheName('helm', 'https://get.helm.sh')).toBe('helm')
    expect(toolCacheName('kubectl', 'http://dl.k8s.io/release')).toBe(
      `kubectl-${sha256Of('http://dl.k8s.io/release').slice(0, 8)}`
    )
    expect(toolCacheName('helm', 'https://mirror.example.com/helm')).toMatch(/^helm-[0-9a-f]{8}$/)
    expect(toolCacheName('kubectl', 'https://a.example.com')).not.toBe(
      toolCacheName('kubectl', 'https://b.example.com')
    )
  })
})

describe('installTool', () => {
  it('downloads, verifies and caches under the mirror, then finds it without a request', async () => {
    const mirror = `${server.url}/a`
    const first = await installTool(source(mirror), fast)
    expect(first).toBe(
      path.join(folders.toolCache, toolCacheName('kubectl', mirror), '1.33.13', 'amd64', 'kubectl')
    )
    expect(await readFile(first, 'utf8')).toBe(binary)
    expect(server.requests).toEqual(['/a/kubectl'])
    expect(await folders.contents(folders.temp)).toEqual([])

    expect(await installTool(source(mirror), fast)).toBe(first)
    expect(server.requests).toEqual(['/a/kubectl'])
  })

  it('never takes one mirror’s binary for another’s', async () => {
    const [a, b] = [`${server.url}/a`, `${server.url}/b`]
    await installTool(source(a), fast)
    await installTool(source(b), fast)
    expect(server.requests).toEqual(['/a/kubectl', '/b/kubectl'])
    const entries = (await folders.contents(folders.toolCache)).filter(entry => !entry.includes('/'))
    expect(entries).toEqual([toolCacheName('kubectl', a), toolCacheName('kubectl', b)].sort())
  })

  it('hashes a cache hit again and refuses a binary planted in the tool cache', async () => {
    const mirror = `${server.url}/a`
    const folder = await plant(toolCacheName('kubectl', mirror), '#!/bin/sh\necho planted\n')
    await expect(installTool(source(mirror), fast)).rejects.toThrow(
      `kubectl v1.33.13: the tool cache holds ${folder}/kubectl with sha256 ${sha256Of('#!/bin/sh\necho planted\n')}, ` +
        `not ${digest} (from input "kubectl-sha256"); refusing to run it. If input "kubectl-sha256" is right, ` +
        `the cached file was altered: remove ${folder} to download it again`
    )
    expect(server.requests).toEqual([])
  })

  it('fetches the official checksum again on a cache hit, and checks the hit against it', async () => {
    // The official site's layout, served from loopback: what matters is where the digest comes from.
    const published: ExpectedDigest = { kind: 'published', checksumUrl: `${server.url}/a/kubectl.sha256` }
    await plant('kubectl', binary)
    const hit = await installTool(source('https://dl.k8s.io/release', published), fast)
    expect(await readFile(hit, 'utf8')).toBe(binary)
    expect(server.requests).toEqual(['/a/kubectl.sha256'])

    await plant('kubectl', 'planted')
    await expect(installTool(source('https://dl.k8s.io/release', published), fast)).rejects.toThrow(
      `(from ${server.url}/a/kubectl.sha256); refusing to run it`
    )
  })

  it('refuses a download that does not match, and leaves nothing in the tool cache or RUNNER_TEMP', async () => {
    const wrong = 'e'.repeat(64)
    const mirror = `${server.url}/a`
    await expect(installTool(source(mirror, known(wrong)), fast)).rejects.toThrow(
      `kubectl v1.33.13: sha256 mismatch for ${mirror}/kubectl: expected ${wrong} (from input "kubectl-sha256"), ` +
        `got ${digest}; refusing to use it`
    )
    expect(await folders.contents(folders.toolCache)).toEqual([])
    expect(await folders.contents(folders.temp)).toEqual([])
  })

  it('names the tool, version and URL when the download fails', async () => {
    const mirror = `${server.url}/missing`
    await expect(installTool(source(mirror), fast)).rejects.toThrow(
      `kubectl v1.33.13: download of ${mirror}/kubectl failed: HTTP 404 Not Found`
    )
    expect(await folders.contents(folders.toolCache)).toEqual([])
  })

  it('downloads again when a cache entry lacks the file (a layout of an older version)', async () => {
    const mirror = `${server.url}/a`
    const folder = path.join(folders.toolCache, toolCacheName('kubectl', mirror), '1.33.13', 'amd64')
    await mkdir(path.join(folder, 'linux-amd64'), { recursive: true })
    await writeFile(`${folder}.complete`, '')
    expect(await readFile(await installTool(source(mirror), fast), 'utf8')).toBe(binary)
    expect(existsSync(path.join(folder, 'linux-amd64'))).toBe(false)
  })
})
