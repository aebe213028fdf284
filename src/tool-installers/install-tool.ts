import * as core from '@actions/core'
import * as tc from '@actions/tool-cache'
import { existsSync } from 'node:fs'
import { chmod, rm } from 'node:fs/promises'
import * as path from 'node:path'
import { parseChecksum, sha256File, sha256Of } from './checksum.js'
import type { ExpectedDigest } from './expected-digest.js'
import { downloadFile, downloadText, type DownloadOptions } from './http-download.js'
import type { Platform } from './platform.js'
import { withoutCredentials } from '../support/url-credentials.js'
import { isOfficialMirror, type ToolName } from './versions.js'

/** One tool version for one platform: where its file is, what it must hash to, how to run it. */
export interface ToolSource {
  tool: ToolName
  version: string
  platform: Platform
  mirror: string
  /** URL of the file to download (the binary itself or an archive). */
  url: string
  expected: ExpectedDigest
  /** Name of the verified download in the tool cache: the binary, or the archive as published. */
  fileName: string
  /**
   * Turns the verified file (in the tool cache) into the path of the executable; absent when the
   * file is the executable.
   */
  unpack?: (verifiedFile: string) => Promise<string>
}

/**
 * The tool cache key: the tool's name for its official site, `<tool>-<8 hex of sha256(mirror)>` for
 * any other mirror, so a binary from one mirror is never taken for another's.
 */
export function toolCacheName(tool: ToolName, mirror: string): string {
  return isOfficialMirror(tool, mirror) ? tool : `${tool}-${sha256Of(mirror).slice(0, 8)}`
}

/**
 * Returns the path of the tool's executable. The tool cache holds only the verified download itself
 * (the binary, or the archive as published), so that a hit can be hashed again against the expected
 * digest on every run: a tool cache on a persistent runner is writable by every job before this one.
 * A miss downloads the file, hashes it, and caches it only when it matches.
 */
export async function installTool(source: ToolSource, options: DownloadOptions = {}): Promise<string> {
  const { tool, version, platform } = source
  const label = `${tool} ${version}`
  const cacheName = toolCacheName(tool, source.mirror)
  const cachedFolder = tc.find(cacheName, version, platform.arch)
  const cachedFile = cachedFolder ? path.join(cachedFolder, source.fileName) : undefined

  if (cachedFolder && cachedFile && existsSync(cachedFile)) {
    const expected = await expectedSha256(source, label, options)
    const actual = await sha256File(cachedFile)
    if (actual !== expected.sha256) {
      throw new Error(
        `${label}: the tool cache holds ${cachedFile} with sha256 ${actual}, not ${expected.sha256} ` +
          `(from ${expected.from}); refusing to run it. If ${expected.from} is right, the cached file was ` +
          `altered: remove ${cachedFolder} to download it again`
      )
    }
    core.info(`${label}: found in the tool cache, sha256 verified (${actual})`)
    return source.unpack ? source.unpack(cachedFile) : cachedFile
  }

  // The digest first: a mirror that cannot be verified is refused before its file is fetched.
  const expected = await expectedSha256(source, label, options)
  core.info(`${label}: downloading ${withoutCredentials(source.url)}`)
  const downloaded = await downloadFile(source.url, label, options)
  try {
    const actual = await sha256File(downloaded)
    if (actual !== expected.sha256) {
      throw new Error(
        `${label}: sha256 mismatch for ${withoutCredentials(source.url)}: expected ${expected.sha256} (from ${expected.from}), ` +
          `got ${actual}; refusing to use it`
      )
    }
    core.info(`${label}: sha256 verified (${actual}, from ${expected.from})`)
    if (!source.unpack && platform.os !== 'windows') await chmod(downloaded, 0o755)
    const folder = await tc.cacheFile(downloaded, source.fileName, cacheName, version, platform.arch)
    const verified = path.join(folder, source.fileName)
    return source.unpack ? source.unpack(verified) : verified
  } finally {
    await rm(downloaded, { force: true })
  }
}

async function expectedSha256(
  source: ToolSource,
  label: string,
  options: DownloadOptions
): Promise<{ sha256: string; from: string }> {
  const { expected } = source
  if (expected.kind === 'known') return expected
  const text = await downloadText(expected.checksumUrl, label, options)
  return { sha256: parseChecksum(text, expected.checksumUrl), from: expected.checksumUrl }
}
