/**
 * The step's own start-up: from spawning `node dist/index.js` (tool cache warm) to the first request
 * it sends the API server. The server here is a loopback stand-in that records that moment and then
 * refuses everything, so the step ends right after; nothing else is measured.
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as path from 'node:path'
import { runAction, type RunnerDirs } from '../test/harness/run-action.js'
import { repoRoot } from '../test/harness/test-cluster.js'

export interface StartupSample {
  /** Spawn → first API request. */
  toFirstRequestSeconds: number
  /** Spawn → exit of `node -e 0`: what any node step costs before it runs a line. */
  emptyNodeSeconds: number
}

export async function measureStartup(
  dirs: RunnerDirs,
  inputs: Record<string, string>,
  repeat: number
): Promise<StartupSample[]> {
  let firstRequestAt: number | undefined
  const server = createServer((_request, response) => {
    firstRequestAt ??= performance.now()
    response.writeHead(403, { 'Content-Type': 'application/json' })
    response.end(JSON.stringify({ kind: 'Status', code: 403, message: 'forbidden: start-up probe' }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const kubeconfig = `apiVersion: v1
kind: Config
current-context: probe
clusters: [{name: probe, cluster: {server: 'http://127.0.0.1:${(server.address() as AddressInfo).port}', insecure-skip-tls-verify: true}}]
contexts: [{name: probe, context: {cluster: probe, user: probe, namespace: default}}]
users: [{name: probe, user: {token: probe-token}}]
`
  const samples: StartupSample[] = []
  try {
    for (let round = 0; round < repeat; round++) {
      firstRequestAt = undefined
      const started = performance.now()
      const run = await runAction(
        {
          ...inputs,
          kubeconfig,
          'allow-insecure-server': 'true',
          command: 'status',
          selector: 'app=probe',
          timeout: '5s'
        },
        dirs
      )
      if (firstRequestAt === undefined)
        throw new Error(`the step sent no request to the API server:\n${run.log}`)
      samples.push({
        toFirstRequestSeconds: (firstRequestAt - started) / 1000,
        emptyNodeSeconds: await emptyNode()
      })
    }
  } finally {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  }
  return samples
}

async function emptyNode(): Promise<number> {
  const started = performance.now()
  await new Promise(resolve => spawn(process.execPath, ['-e', '0'], { cwd: repoRoot }).on('close', resolve))
  return (performance.now() - started) / 1000
}

/** The bundle's size in bytes, as the runner loads it. */
export function bundlePath(): string {
  return path.join(repoRoot, 'dist', 'index.js')
}
