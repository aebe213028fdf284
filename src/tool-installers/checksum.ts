import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

/** Accepts both published forms: a bare digest (dl.k8s.io) and `digest  name` (sha256sum, get.helm.sh). */
export function parseChecksum(text: string, from: string): string {
  const digest = text.trim().split(/\s+/)[0]?.toLowerCase() ?? ''
  if (!/^[0-9a-f]{64}$/.test(digest)) throw new Error(`${from} does not hold a sha256 checksum`)
  return digest
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export function sha256Of(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}
