import { mkdtemp, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { ClusterApiError } from '../../src/cluster/api-errors.js'
import { createClusterClient, type ClusterClient } from '../../src/cluster/client.js'

const status = (code: number, message: string): string =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: 'Forbidden', code })

let server: Server
let port: number

beforeAll(async () => {
  // An API server that refuses everything, the way a real one refuses a ServiceAccount without rights.
  server = createServer((request, response) => {
    response.writeHead(403, { 'Content-Type': 'application/json' })
    response.end(status(403, `${request.url?.split('?')[0]} is forbidden: User "deployer" cannot get it`))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  await new Promise(resolve => server.close(resolve))
})

async function clientFor(url: string): Promise<ClusterClient> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'client-'))
  const file = path.join(dir, 'kubeconfig')
  await writeFile(
    file,
    `apiVersion: v1
kind: Config
current-context: c
clusters: [{ name: c, cluster: { server: '${url}', insecure-skip-tls-verify: true } }]
contexts: [{ name: c, context: { cluster: c, user: u } }]
users: [{ name: u, user: { token: s3cr3t-bearer-token } }]
`
  )
  return createClusterClient(file)
}

describe('the cluster client', () => {
  it('reports a refused call with the server message and its code, no HTTP-Code dump', async () => {
    const client = await clientFor(`http://127.0.0.1:${port}`)
    const error = (await client.core
      .readNamespace({ name: 'shop' })
      .catch((e: unknown) => e)) as ClusterApiError
    expect(error).toBeInstanceOf(ClusterApiError)
    expect(error.message).toBe('/api/v1/namespaces/shop is forbidden: User "deployer" cannot get it')
    expect(error.code).toBe(403)
    const listed = (await client.objects.list('v1', 'Pod', 'shop').catch((e: unknown) => e)) as Error
    // (the first call of a list is the discovery of its group version)
    expect(listed.message).toBe('/api/v1 is forbidden: User "deployer" cannot get it')
  })

  it('never quotes the userinfo of the server URL or the token when the server cannot be reached', async () => {
    const client = await clientFor('http://deployer:p4ssw0rd@127.0.0.1:1')
    const failures = [
      await client.core.readNamespace({ name: 'shop' }).catch((e: unknown) => e),
      await client.request('GET', '/api/v1/namespaces/shop').catch((e: unknown) => e),
      await client.resource('apps/v1', 'Deployment').catch((e: unknown) => e)
    ] as Error[]
    for (const failure of failures) {
      expect(failure.message).toMatch(/ECONNREFUSED/)
      expect(failure).toBeInstanceOf(ClusterApiError)
      expect(failure.message).not.toMatch(/p4ssw0rd|s3cr3t-bearer-token|HTTP-Code/)
    }
    expect(failures[1].message).toMatch(
      /^request to http:\/\/\*\*\*@127\.0\.0\.1:1\/api\/v1\/namespaces\/shop failed/
    )
  })

  it('hands a watch the error of a refused watch with its code', async () => {
    const client = await clientFor(`http://127.0.0.1:${port}`)
    const error = await new Promise<unknown>(resolve => {
      void client.watch.watch('/api/v1/namespaces/shop/pods', {}, () => undefined, resolve)
    })
    expect(error).toBeInstanceOf(ClusterApiError)
    expect((error as ClusterApiError).statusCode).toBe(403)
  })
})
