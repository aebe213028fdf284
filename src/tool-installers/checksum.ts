import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'

/** Accepts both published forms: a bare digest (dl.k8s.io) and `digest  name` (sha256sum, get.helm.sh). */
export function parseChecksum(text: string, from: string): string {
  const digest = text.trim().split(/\s+/)[0]?.toLowerCase() ?? ''
  if (!/^[0-9a-f]{64}$/.test(digest)) throw new Error(`${from} does not hold a sha256 checksum`)
  return digest
}

/** Read size of sha256File: large enough to be fast, small next to the binaries it hashes. */
const HASH_BUFFER_BYTES = 1 << 20

/**
 * The sha256 of a file, read through one reused buffer. kubectl (60 MB) is hashed on every run, cache
 * hits included: a read stream allocates a fresh buffer per chunk, which raised the step's peak
 * memory by about 28 MB before the collector ran; one buffer costs 1 MB.
 */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  const buffer = Buffer.allocUnsafe(HASH_BUFFER_BYTES)
  const handle = await open(file, 'r')
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      hash.update(buffer.subarray(0, bytesRead))
    }
  } finally {
    await handle.close()
  }
  return hash.digest('hex')
}

export function sha256Of(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}
