import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * What the server answers for a path: a body; a status without one; silence, either `hang` (no answer
 * at all) or `stall` (headers and the first bytes of a longer body, then nothing). A function is asked
 * anew for each request.
 */
export type Answer = Buffer | string | { status: number } | { silence: 'hang' | 'stall' }

/** A loopback HTTP server over a map of paths, recording what was asked; the tests' download site. */
export interface FileServer {
  url: string
  files: Map<string, Answer | (() => Answer)>
  requests: string[]
  close(): Promise<void>
}

export async function startFileServer(
  files: Record<string, Answer | (() => Answer)> = {}
): Promise<FileServer> {
  const answers = new Map(Object.entries(files))
  const requests: string[] = []
  const server: Server = createServer((request, response) => {
    const url = request.url ?? '/'
    requests.push(url)
    const entry = answers.get(url)
    const answer = typeof entry === 'function' ? entry() : entry
    if (answer === undefined) return void response.writeHead(404).end('not found')
    if (typeof answer === 'object' && 'silence' in answer) {
      if (answer.silence === 'stall') {
        response.writeHead(200, { 'content-length': 1000 })
        response.write('0123456789')
      }
      return
    }
    if (typeof answer === 'object' && 'status' in answer) return void response.writeHead(answer.status).end()
    response.writeHead(200).end(answer)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    files: answers,
    requests,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
