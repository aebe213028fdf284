import { createHash } from 'node:crypto'
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as path from 'node:path'
import { hostPlatform } from '../../src/tool-installers/platform.js'

/**
 * A loopback HTTP server over the mirror folder test/cluster builds (the upstream download layout,
 * checksums included). Records every request so tests can tell a cache hit (no request) from a download.
 *
 * Under /tampered/ it plays a hostile mirror: every file comes with a few bytes added, and every
 * checksum is that of the altered file, so only a digest from elsewhere can catch it.
 */
export interface Mirror {
  kubectlUrl: string
  helmUrl: string
  tamperedKubectlUrl: string
  requests: string[]
  /**
   * The inputs that make the action download from this mirror: the URLs, the opt-in to plain http,
   * and the digests of this platform's files. The test trusts its own mirror and says so through
   * the inputs, as a workflow would; the action never takes a mirror's word for it.
   */
  toolInputs(versions: { kubectl: string; helm: string }): Record<string, string>
  close(): Promise<void>
}

const TAMPER = Buffer.from('\n# altered by the mirror\n')

export async function startMirror(root: string): Promise<Mirror> {
  const requests: string[] = []
  const server: Server = createServer((request, response) => {
    const url = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    requests.push(url)
    const tampered = url.startsWith('/tampered/')
    const relative = path
      .normalize(tampered ? url.slice('/tampered'.length) : url)
      .replace(/^(\.\.[/\\])+/, '')
    const checksum = /\.sha256(sum)?$/.test(relative)
    const file = path.join(root, tampered && checksum ? relative.replace(/\.sha256(sum)?$/, '') : relative)
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found')
      return
    }
    if (tampered) {
      const altered = Buffer.concat([readFileSync(file), TAMPER])
      const body = checksum ? `${createHash('sha256').update(altered).digest('hex')}\n` : altered
      response.writeHead(200).end(body)
      return
    }
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': statSync(file).size
    })
    createReadStream(file).pipe(response)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    kubectlUrl: `${base}/kubectl`,
    helmUrl: `${base}/helm`,
    tamperedKubectlUrl: `${base}/tampered/kubectl`,
    requests,
    toolInputs: versions => ({
      'kubectl-mirror': `${base}/kubectl`,
      'helm-mirror': `${base}/helm`,
      'allow-insecure-mirror': 'true',
      ...mirrorDigests(root, versions)
    }),
    close: () => new Promise(resolve => server.close(() => resolve()))
  }
}

/**
 * `kubectl-sha256` and `helm-sha256` for this platform, read from the checksum files build.sh wrote
 * next to the files; a tool the mirror does not hold gets none (the action then refuses it, by name).
 */
function mirrorDigests(root: string, versions: { kubectl: string; helm: string }): Record<string, string> {
  const { os, arch } = hostPlatform()
  const exe = os === 'windows' ? '.exe' : ''
  const helmArchive = `helm-${versions.helm}-${os}-${arch}.${os === 'windows' ? 'zip' : 'tar.gz'}`
  const checksumFiles = {
    'kubectl-sha256': path.join(root, 'kubectl', versions.kubectl, 'bin', os, arch, `kubectl${exe}.sha256`),
    'helm-sha256': path.join(root, 'helm', `${helmArchive}.sha256sum`)
  }
  const digests: Record<string, string> = {}
  for (const [input, file] of Object.entries(checksumFiles)) {
    if (existsSync(file)) digests[input] = readFileSync(file, 'utf8').trim().split(/\s+/)[0]
  }
  return digests
}
