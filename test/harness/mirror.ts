import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as path from 'node:path'

/**
 * A loopback HTTP server over the mirror folder test/cluster builds (the upstream download layout,
 * checksums included). Records every request so tests can tell a cache hit (no request) from a download.
 * Under /tampered/ it serves the same files with a checksum that does not match.
 */
export interface Mirror {
  kubectlUrl: string
  helmUrl: string
  tamperedKubectlUrl: string
  requests: string[]
  close(): Promise<void>
}

export async function startMirror(root: string): Promise<Mirror> {
  const requests: string[] = []
  const server: Server = createServer((request, response) => {
    const url = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    requests.push(url)
    const tampered = url.startsWith('/tampered/')
    const relative = path
      .normalize(tampered ? url.slice('/tampered'.length) : url)
      .replace(/^(\.\.[/\\])+/, '')
    const file = path.join(root, relative)
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found')
      return
    }
    if (tampered && /\.sha256(sum)?$/.test(file)) {
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`${'0'.repeat(64)}\n`)
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
    close: () => new Promise(resolve => server.close(() => resolve()))
  }
}
