import { connect, createServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

/**
 * A loopback TCP relay in front of an API server, for network faults between the step and the
 * server that leave the cluster itself alone. TLS passes through untouched: the server's certificate
 * names 127.0.0.1, whatever the port, so the step verifies it as usual.
 */
export interface ApiFront {
  /** The URL the step is given as `server`. */
  url: string
  /** Connections the relay accepted so far. */
  readonly connections: number
  /** Resets every open connection (a TCP RST: ECONNRESET) and resets new ones for `ms`. */
  blip(ms: number): Promise<void>
  /** Resets every open connection; new ones go through at once (clients reconnect and resume). */
  reset(): void
  /** Holds what the step sends for `ms` before passing it on (0: none), as a distant server would. */
  latency(ms: number): void
  close(): Promise<void>
}

export async function startApiFront(server: string): Promise<ApiFront> {
  const target = new URL(server)
  const open = new Set<Socket>()
  let refusingUntil = 0
  let accepted = 0
  let delayMs = 0
  const relay = createServer(client => {
    accepted++
    if (Date.now() < refusingUntil) return void client.resetAndDestroy()
    const upstream = connect(Number(target.port), target.hostname)
    open.add(client)
    const drop = (): void => {
      open.delete(client)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    // Chunks held for the same time leave in the order they came.
    client.on('data', (chunk: Buffer) => {
      if (delayMs === 0) upstream.write(chunk)
      else setTimeout(() => upstream.write(chunk), delayMs)
    })
    client.on('end', () => setTimeout(() => upstream.end(), delayMs))
    upstream.pipe(client)
  })
  await new Promise<void>(resolve => relay.listen(0, '127.0.0.1', resolve))
  const resetAll = (): void => {
    for (const socket of open) socket.resetAndDestroy()
    open.clear()
  }
  return {
    url: `https://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    get connections() {
      return accepted
    },
    async blip(ms) {
      refusingUntil = Date.now() + ms
      resetAll()
      await new Promise(resolve => setTimeout(resolve, ms))
    },
    reset: resetAll,
    latency(ms) {
      delayMs = ms
    },
    close: () =>
      new Promise(resolve => {
        resetAll()
        relay.close(() => resolve())
      })
  }
}
