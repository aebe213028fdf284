import { InputError } from '../support/errors.js'
import { PINNED_DIGESTS, type PinnedDigests } from './pinned-digests.js'
import { platformKey, type Platform } from './platform.js'
import { sha256Input } from './tool-settings.js'
import { isOfficialMirror, type ToolName } from './versions.js'

/** What a tool's download must hash to, and who says so (named when it does not match). */
export type ExpectedDigest =
  | { kind: 'known'; sha256: string; from: string }
  /** The official site's own checksum file, fetched over https on every run. */
  | { kind: 'published'; checksumUrl: string }

export interface DigestQuery {
  tool: ToolName
  version: string
  platform: Platform
  mirror: string
  /** From the tool's sha256 input, when given. */
  sha256?: string
  /** The mirror's checksum URL for the file; trusted only when the mirror is the official site. */
  checksumUrl: string
  /** Where the official site publishes that checksum, for the error that asks for a digest. */
  officialChecksumUrl: string
}

/**
 * Where the expected digest comes from, first match wins: the tool's sha256 input; the digest pinned
 * in pinned-digests.ts; the official site's published checksum, only when downloading from it. A
 * mirror's own checksum is never trusted: whoever controls the mirror (or the path to an http one)
 * controls both files. Throws, before anything is downloaded, when none applies.
 */
export function expectedDigest(query: DigestQuery, pinned: PinnedDigests = PINNED_DIGESTS): ExpectedDigest {
  const { tool, version, mirror } = query
  const input = sha256Input(tool)
  if (query.sha256) return { kind: 'known', sha256: query.sha256, from: `input "${input}"` }
  const key = platformKey(query.platform)
  const pin = pinned[tool][version]?.[key]
  if (pin) return { kind: 'known', sha256: pin, from: `the digest kube-deploy pins for ${key}` }
  if (isOfficialMirror(tool, mirror)) return { kind: 'published', checksumUrl: query.checksumUrl }
  throw new InputError(
    input,
    `is required to download ${tool} ${version} from ${mirror}: a mirror's own checksum proves nothing, ` +
      `and kube-deploy pins no digest for ${tool} ${version} on ${key}. Set it to the sha256 the ` +
      `official site publishes for this runner (${key}): ${query.officialChecksumUrl}`
  )
}
