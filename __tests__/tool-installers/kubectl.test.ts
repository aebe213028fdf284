import { readFile } from 'node:fs/promises'
import { sha256Of } from '../../src/tool-installers/checksum.js'
import { installKubectl } from '../../src/tool-installers/kubectl.js'
import { hostPlatform } from '../../src/tool-installers/platform.js'
import type { ToolSettings } from '../../src/tool-installers/tool-settings.js'
import { startFileServer, type FileServer } from './file-server.js'
import { useRunnerFolders, type RunnerFolders } from './runner-folders.js'

const binary = '#!/bin/sh\necho kubectl\n'
const linux = hostPlatform('linux', 'x64')
let server: FileServer
let folders: RunnerFolders

beforeEach(async () => {
  server = await startFileServer({
    '/release/v1.33.13/bin/linux/amd64/kubectl': binary,
    // What a hostile mirror does: publish the checksum of what it serves.
    '/release/v1.33.13/bin/linux/amd64/kubectl.sha256': sha256Of(binary)
  })
  folders = await useRunnerFolders()
})
afterEach(async () => {
  await server.close()
  folders.restore()
})

function tools(overrides: Partial<ToolSettings>): ToolSettings {
  return {
    kubectlVersion: 'v1.33.13',
    kubectlMirror: `${server.url}/release`,
    helmVersion: 'v3.19.5',
    helmMirror: 'https://get.helm.sh',
    allowInsecureMirror: true,
    ...overrides
  }
}

describe('installKubectl', () => {
  it("refuses a mirror's own checksum, before any request, naming kubectl-sha256", async () => {
    await expect(installKubectl(tools({}), linux)).rejects.toThrow(
      /^input "kubectl-sha256": is required to download kubectl v1\.33\.13 from http:\/\/127\.0\.0\.1:\d+\/release: .*https:\/\/dl\.k8s\.io\/release\/v1\.33\.13\/bin\/linux\/amd64\/kubectl\.sha256$/
    )
    expect(server.requests).toEqual([])
  })

  it('installs from a mirror with the digest the workflow gives, never asking the mirror for one', async () => {
    const file = await installKubectl(tools({ kubectlSha256: sha256Of(binary) }), linux, { retryDelayMs: 10 })
    expect(await readFile(file, 'utf8')).toBe(binary)
    expect(server.requests).toEqual(['/release/v1.33.13/bin/linux/amd64/kubectl'])
  })
})
