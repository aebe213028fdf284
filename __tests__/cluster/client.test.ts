import { mkdtemp, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { KubeConfig } from '@kubernetes/client-node/dist/config.js'
import { ClusterApiError } from '../../src/cluster/api-errors.js'
import { createClusterClient, type ClusterClient } from '../../src/cluster/client.js'
import { HttpTransport } from '../../src/cluster/http-transport.js'

const statusBody = (code: number, message: string): string =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: 'Forbidden', code })

const apps = JSON.stringify({
  kind: 'APIResourceList',
  groupVersion: 'apps/v1',
  resources: [
    { name: 'deployments', kind: 'Deployment', namespaced: true },
    { name: 'deployments/status', kind: 'Deployment', namespaced: true }
  ]
})

type Handler = (request: IncomingMessage, response: ServerResponse) => void

/** An API server whose every answer the test scripts, recording what it was asked. */
let handler: Handler
const asked: string[] = []
let server: Server
let base: string

beforeAll(async () => {
  server = createServer((request, response) => {
    asked.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`)
    handler(request, response)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise(resolve => server.close(resolve))
})
beforeEach(() => {
  asked.length = 0
})

const clients: ClusterClient[] = []
afterEach(() => clients.splice(0).forEach(client => client.close()))

async function kubeconfigFor(url: string): Promise<string> {
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
  return file
}

async function clientFor(url = base): Promise<ClusterClient> {
  const client = createClusterClient(await kubeconfigFor(url))
  clients.push(client)
  return client
}

function answer(code: number, body: string): Handler {
  return (_request, response) => {
    response.writeHead(code, { 'Content-Type': 'application/json' })
    response.end(body)
  }
}

/** Discovery of apps/v1 from the server; everything else from `rest`. */
function withDiscovery(rest: Handler): Handler {
  return (request, response) =>
    request.url === '/apis/apps/v1' ? answer(200, apps)(request, response) : rest(request, response)
}

describe('the cluster client', () => {
  it('reports a refused call with the Status message and its code, never a JSON dump', async () => {
    handler = answer(403, statusBody(403, 'namespaces "shop" is forbidden: User "deployer" cannot get it'))
    const client = await clientFor()
    const error = (await client
      .get({ apiVersion: 'v1', kind: 'Namespace', name: 'shop' })
      .catch((e: unknown) => e)) as ClusterApiError
    expect(error).toBeInstanceOf(ClusterApiError)
    // (the first call is the discovery of the group version, refused like the rest)
    expect(error.message).toBe('namespaces "shop" is forbidden: User "deployer" cannot get it')
    expect(error.code).toBe(403)
    expect(error.transient).toBe(false)
  })

  it('says HTTP <code> for a proxy page, and a 200 that is no JSON is an error, not a crash', async () => {
    handler = withDiscovery(answer(502, '<html><body>Bad Gateway</body></html>'))
    const client = await clientFor()
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }
    const gateway = (await client.get(ref).catch((e: unknown) => e)) as ClusterApiError
    expect([gateway.message, gateway.code, gateway.transient]).toEqual(['HTTP 502', 502, true])
    handler = withDiscovery(answer(200, '<html>login</html>'))
    const page = (await client.get(ref).catch((e: unknown) => e)) as ClusterApiError
    expect(page.message).toBe("the API server's answer is no JSON (HTTP 200)")
  })

  it('refuses every change once told to (a cancelled run), and still reads', async () => {
    const web = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } }
    handler = withDiscovery(answer(200, JSON.stringify(web)))
    const client = await clientFor()
    client.refuseChanges('the run was cancelled')
    await expect(client.apply(web, { fieldManager: 'kube-deploy' })).rejects.toThrow('the run was cancelled')
    expect(
      await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' })
    ).toEqual(web)
    expect(asked.map(line => line.split(' ')[0])).toEqual(['GET', 'GET'])
  })

  it('asks discovery once per group version, ignores subresources, and a 404 group is no kind', async () => {
    handler = withDiscovery(answer(404, statusBody(404, 'not found')))
    const client = await clientFor()
    expect(await client.resource('apps/v1', 'Deployment')).toEqual({
      name: 'deployments',
      kind: 'Deployment',
      namespaced: true
    })
    expect(await client.collectionPath({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'a?b' })).toBe(
      '/apis/apps/v1/namespaces/a%3Fb/deployments'
    )
    expect(await client.resource('example.com/v1', 'Widget')).toBeUndefined()
    expect(asked.map(line => line.split(' ')[1])).toEqual(['/apis/apps/v1', '/apis/example.com/v1'])
    expect(await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 's' })).toBe(
      undefined
    )
  })

  it('sends the bearer token from the kubeconfig and server-side applies with strict validation', async () => {
    let received = ''
    handler = withDiscovery((request, response) => {
      request.setEncoding('utf8')
      request.on('data', (chunk: string) => (received += chunk))
      request.on('end', () => answer(201, received)(request, response))
    })
    const client = await clientFor()
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { replicas: 1 }
    }
    const result = await client.apply(object, { fieldManager: 'kube-deploy', dryRun: true, force: true })
    expect(result).toEqual({ object, created: true })
    expect(asked[1]).toBe(
      'PATCH /apis/apps/v1/namespaces/shop/deployments/web?fieldManager=kube-deploy&fieldValidation=Strict&dryRun=All&force=true Bearer s3cr3t-bearer-token'
    )
  })

  it('merge-patches an object, or its status subresource, and gives a 404 of the subresource as an error with its code', async () => {
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }
    const patched = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' }
    }
    const received: { type?: string; body: string }[] = []
    handler = withDiscovery((request, response) => {
      let body = ''
      request.setEncoding('utf8')
      request.on('data', (chunk: string) => (body += chunk))
      request.on('end', () => {
        received.push({ type: request.headers['content-type'], body })
        answer(200, JSON.stringify(patched))(request, response)
      })
    })
    const client = await clientFor()
    const options = { fieldManager: 'kube-deploy' }
    expect(await client.patchMerge(ref, { status: { pauseConditions: null } }, options, 'status')).toEqual({
      object: patched,
      created: false
    })
    expect(await client.patchMerge(ref, { spec: { paused: false } }, options)).toEqual({
      object: patched,
      created: false
    })
    expect(asked.slice(1).map(line => line.split(' ').slice(0, 2).join(' '))).toEqual([
      'PATCH /apis/apps/v1/namespaces/shop/deployments/web/status?fieldManager=kube-deploy&fieldValidation=Strict',
      'PATCH /apis/apps/v1/namespaces/shop/deployments/web?fieldManager=kube-deploy&fieldValidation=Strict'
    ])
    expect(received).toEqual([
      { type: 'application/merge-patch+json', body: '{"status":{"pauseConditions":null}}' },
      { type: 'application/merge-patch+json', body: '{"spec":{"paused":false}}' }
    ])
    handler = withDiscovery(answer(404, statusBody(404, 'the server could not find the requested resource')))
    await expect(
      client.patchMerge(ref, { status: { abort: true } }, options, 'status')
    ).rejects.toMatchObject({
      code: 404,
      message: expect.stringContaining('could not find the requested resource') as unknown
    })
  })

  it('deletes with a propagation policy and a uid precondition; a 404 is nothing to delete, not an error', async () => {
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }
    const terminating = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'shop',
        deletionTimestamp: '2026-11-26T10:00:00Z',
        finalizers: ['x']
      }
    }
    let received = ''
    handler = withDiscovery((request, response) => {
      request.setEncoding('utf8')
      request.on('data', (chunk: string) => (received += chunk))
      request.on('end', () => answer(200, JSON.stringify(terminating))(request, response))
    })
    const client = await clientFor()
    expect(await client.delete(ref, { propagationPolicy: 'Foreground', uid: 'u-1' })).toEqual({
      found: true,
      object: terminating
    })
    expect(asked[1].split(' ').slice(0, 2)).toEqual([
      'DELETE',
      '/apis/apps/v1/namespaces/shop/deployments/web'
    ])
    expect(JSON.parse(received)).toEqual({
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      propagationPolicy: 'Foreground',
      preconditions: { uid: 'u-1' }
    })
    received = ''
    handler = withDiscovery((request, response) => {
      request.setEncoding('utf8')
      request.on('data', (chunk: string) => (received += chunk))
      request.on('end', () =>
        answer(200, JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Success' }))(
          request,
          response
        )
      )
    })
    expect(await client.delete(ref, { dryRun: true })).toEqual({ found: true, object: undefined })
    expect(asked[2].split(' ')[1]).toBe('/apis/apps/v1/namespaces/shop/deployments/web?dryRun=All')
    // With a body, the server reads the options from it alone: the dry run must be there.
    expect(JSON.parse(received)).toMatchObject({ dryRun: ['All'] })
    handler = withDiscovery(answer(404, statusBody(404, 'deployments.apps "web" not found')))
    expect(await client.delete(ref)).toEqual({ found: false })
    handler = withDiscovery(answer(409, statusBody(409, 'Precondition failed: UID in precondition: u-1')))
    await expect(client.delete(ref, { uid: 'u-1' })).rejects.toThrow('Precondition failed')
  })

  it('never quotes the userinfo of the server URL or the token when the server cannot be reached', async () => {
    const client = await clientFor('http://deployer:p4ssw0rd@127.0.0.1:1')
    const failures = [
      await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'shop' }).catch((e: unknown) => e),
      await client.resource('apps/v1', 'Deployment').catch((e: unknown) => e)
    ] as ClusterApiError[]
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(ClusterApiError)
      expect(failure.message).toMatch(
        /^the API server could not be reached: connect ECONNREFUSED 127\.0\.0\.1:1/
      )
      expect(failure.message).not.toMatch(/p4ssw0rd|s3cr3t-bearer-token|deployer/)
      expect(failure.transient).toBe(true)
    }
  })

  it('gives up on a server that accepts the request and never answers, within the timeout', async () => {
    handler = () => undefined
    const config = new KubeConfig()
    config.loadFromFile(await kubeconfigFor(base))
    const transport = new HttpTransport(config)
    const started = Date.now()
    const error = (await transport
      .send('GET', '/api/v1/namespaces', { timeoutMs: 300 })
      .catch((e: unknown) => e)) as ClusterApiError
    expect(Date.now() - started).toBeLessThan(3000)
    expect(error.message).toBe('the API server did not answer GET /api/v1/namespaces within 0.3s')
    expect(error.transient).toBe(true)
    transport.close()
  })

  it('ends every request in flight when closed, so the process can exit', async () => {
    handler = () => undefined
    const client = await clientFor()
    const pending = client.resource('apps/v1', 'Deployment').catch((e: unknown) => e)
    await new Promise(resolve => setTimeout(resolve, 50))
    client.close()
    expect(((await pending) as Error).message).toBe('the request was cancelled: the run is over')
  })

  it('rejects a refused watch with its code, and streams the events of an accepted one', async () => {
    handler = withDiscovery(answer(403, statusBody(403, 'pods is forbidden')))
    const client = await clientFor()
    const collection = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', resourceVersion: '7' }
    const refused = (await client
      .watch(
        collection,
        () => undefined,
        () => undefined
      )
      .catch((e: unknown) => e)) as ClusterApiError
    expect([refused.message, refused.code]).toEqual(['pods is forbidden', 403])

    handler = withDiscovery((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      const added = { type: 'ADDED', object: { kind: 'Deployment', metadata: { name: 'web' } } }
      // One event split across two chunks, then an ERROR line (410 Gone), then the end.
      const line = JSON.stringify(added)
      response.write(line.slice(0, 10))
      setTimeout(() => {
        response.write(`${line.slice(10)}\n${JSON.stringify({ type: 'ERROR', object: { code: 410 } })}\n`)
        response.end()
      }, 20)
    })
    const events: string[] = []
    const ended = await new Promise<unknown>(resolve => {
      void client.watch(
        collection,
        (type, object) => events.push(`${type} ${object.metadata?.name ?? object.code}`),
        resolve
      )
    })
    expect(events).toEqual(['ADDED web', 'ERROR 410'])
    expect(ended).toBeUndefined()
    expect(asked.at(-1)).toMatch(
      /^GET \/apis\/apps\/v1\/namespaces\/shop\/deployments\?watch=true&timeoutSeconds=300&resourceVersion=7&allowWatchBookmarks=true /
    )
  })
})
