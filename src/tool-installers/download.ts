import * as core from '@actions/core'
import * as tc from '@actions/tool-cache'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { chmod, readFile } from 'node:fs/promises'
import * as path from 'node:path'
import type { Platform } from './platform.js'

/** Where a tool version lives upstream (or on a mirror), and how to turn the download into a binary. */
export interface ToolSource {
  tool: string
  version: string
  platform: Platform
  /** URL of the file to download (the binary itself or an archive). */
  url: string
  /** URL of the published checksum of that file (`<hex>` or `<hex>  <file name>`). */
  checksumUrl: string
  /** File name of the executable inside the cache folder. */
  binaryName: string
  /** Turns the verified download into a folder holding `binaryName`; absent when the download is the binary. */
  unpack?: (downloadedFile: string) => Promise<string>
}

/**
 * Returns the path of the tool's executable: from the runner's tool cache when present (no network
 * at all), otherwise downloaded, verified against the published sha256 before anything else happens
 * to the file, and cached for later runs.
 */
export async function installTool(source: ToolSource): Promise<string> {
  const { tool, version, platform, binaryName } = source
  const cached = tc.find(tool, version, platform.arch)
  if (cached) {
    core.info(`${tool} ${version}: found in the tool cache`)
    return path.join(cached, binaryName)
  }
  core.info(`${tool} ${version}: downloading ${source.url}`)
  const downloaded = await tc.downloadTool(source.url)
  const expected = parseChecksum(await downloadText(source.checksumUrl), source.checksumUrl)
  const actual = await sha256File(downloaded)
  if (actual !== expected) {
    throw new Error(
      `${tool} ${version}: sha256 mismatch for ${source.url}: expected ${expected} (from ${source.checksumUrl}), got ${actual}; refusing to use it`
    )
  }
  core.info(`${tool} ${version}: sha256 verified (${actual})`)
  let folder: string
  if (source.unpack) {
    const unpacked = await source.unpack(downloaded)
    await makeExecutable(path.join(unpacked, binaryName), platform)
    folder = await tc.cacheDir(unpacked, tool, version, platform.arch)
  } else {
    await makeExecutable(downloaded, platform)
    folder = await tc.cacheFile(downloaded, binaryName, tool, version, platform.arch)
  }
  return path.join(folder, binaryName)
}

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

async function downloadText(url: string): Promise<string> {
  const file = await tc.downloadTool(url)
  return readFile(file, 'utf8')
}

async function makeExecutable(file: string, platform: Platform): Promise<void> {
  if (platform.os !== 'windows') await chmod(file, 0o755)
}
