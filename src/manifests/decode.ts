import { ManifestError } from '../support/errors.js'

/**
 * Decodes a manifest file as strict UTF-8. A lenient decoder turns bad bytes into U+FFFD, which the
 * cluster would then store as if someone had written it; instead the error names the file and the
 * line of the first bad byte.
 */
export function decodeManifest(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    const offset = firstInvalidByte(bytes)
    throw new ManifestError(
      source,
      lineAt(bytes, offset),
      `is not valid UTF-8 (byte 0x${bytes[offset].toString(16).padStart(2, '0')} at offset ${offset})`
    )
  }
}

/**
 * The offset where the first invalid sequence starts. A streaming decoder accepts every prefix up to
 * the byte where it sees the error (a sequence cut off at the end of a prefix is not an error yet), so
 * a binary search finds that byte; the sequence it belongs to starts at most 3 bytes before it, after
 * the longest prefix that decodes completely.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  const decodes = (length: number, stream: boolean): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream })
      return true
    } catch {
      return false
    }
  }
  let low = 0
  let high = bytes.length
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (decodes(middle, true)) low = middle
    else high = middle - 1
  }
  let start = Math.min(low, bytes.length - 1)
  while (start > 0 && start > low - 3 && !decodes(start, false)) start--
  return start
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++
  return line
}
