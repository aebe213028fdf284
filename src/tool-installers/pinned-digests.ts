import type { PlatformKey } from './platform.js'
import type { ToolName } from './versions.js'

/** tool → exact version → `os/arch` → sha256 (hex) of the file the official site serves for it. */
export type PinnedDigests = Record<ToolName, Record<string, Partial<Record<PlatformKey, string>>>>

/**
 * Digests of the official downloads, kept in the source so that a mirror (or a tool cache) can be
 * checked against something it does not serve itself. Used after the `kubectl-sha256` / `helm-sha256`
 * inputs and before the official site's published checksum.
 *
 * Filled by `npx tsx scripts/pin-tool-digests.ts` (it rewrites the constant below, which must stay last
 * in this file) from the checksums the official sites publish, by a maintainer with network access,
 * whenever a default version in versions.ts is bumped. The machine this table was set up on could not reach those sites,
 * so it starts empty: never type a digest in by hand.
 */
export const PINNED_DIGESTS: PinnedDigests = { kubectl: {}, helm: {} }
