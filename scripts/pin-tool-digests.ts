/**
 * Fills src/tool-installers/pinned-digests.ts with the sha256 the official sites publish (over https)
 * for kubectl and helm, on every os/arch they ship, for the default versions of versions.ts or the
 * versions given. Run it with network access whenever a default version is bumped, and commit the
 * result with the bump:
 *
 *   npx tsx scripts/pin-tool-digests.ts                                 # the defaults
 *   npx tsx scripts/pin-tool-digests.ts kubectl=v1.34.2 helm=v3.19.5     # or exact versions
 *
 * Entries already in the table are kept. A version pinned before is fetched again and must agree: a
 * published checksum that changed is a reason to stop and find out why, not to overwrite it.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { parseChecksum } from '../src/tool-installers/checksum.js'
import { helmChecksumUrl } from '../src/tool-installers/helm.js'
import { downloadText } from '../src/tool-installers/http-download.js'
import { kubectlChecksumUrl } from '../src/tool-installers/kubectl.js'
import { PINNED_DIGESTS, type PinnedDigests } from '../src/tool-installers/pinned-digests.js'
import { PLATFORM_KEYS, type Platform, type PlatformKey } from '../src/tool-installers/platform.js'
import {
  DEFAULT_HELM_VERSION,
  DEFAULT_KUBECTL_VERSION,
  OFFICIAL_MIRRORS,
  checkVersion,
  type ToolName
} from '../src/tool-installers/versions.js'

const tableFile = path.resolve(import.meta.dirname, '..', 'src', 'tool-installers', 'pinned-digests.ts')
const tableStart = 'export const PINNED_DIGESTS'

const checksumUrl: Record<ToolName, (mirror: string, version: string, platform: Platform) => string> = {
  kubectl: kubectlChecksumUrl,
  helm: helmChecksumUrl
}

function requestedVersions(args: string[]): [ToolName, string][] {
  if (args.length === 0) {
    return [
      ['kubectl', DEFAULT_KUBECTL_VERSION],
      ['helm', DEFAULT_HELM_VERSION]
    ]
  }
  return args.map(arg => {
    const match = /^(kubectl|helm)=(.+)$/.exec(arg)
    if (!match) throw new Error(`"${arg}" is not kubectl=<version> or helm=<version>`)
    const tool = match[1] as ToolName
    return [tool, checkVersion(match[2], arg, tool)]
  })
}

async function publishedDigests(tool: ToolName, version: string): Promise<Record<PlatformKey, string>> {
  const digests: Partial<Record<PlatformKey, string>> = {}
  for (const key of PLATFORM_KEYS) {
    const [os, arch] = key.split('/') as [Platform['os'], Platform['arch']]
    const url = checksumUrl[tool](OFFICIAL_MIRRORS[tool], version, { os, arch })
    digests[key] = parseChecksum(await downloadText(url, `${tool} ${version}`), url)
    console.log(`${tool} ${version} ${key}: ${digests[key]}  (${url})`)
  }
  return digests as Record<PlatformKey, string>
}

function merge(
  table: PinnedDigests,
  tool: ToolName,
  version: string,
  published: Record<PlatformKey, string>
): void {
  const pinned = table[tool][version] ?? {}
  for (const key of PLATFORM_KEYS) {
    if (pinned[key] && pinned[key] !== published[key]) {
      throw new Error(
        `${tool} ${version} ${key}: pinned ${pinned[key]}, but the official site now publishes ${published[key]}`
      )
    }
  }
  table[tool][version] = published
}

/** The constant as prettier would write it, so the file passes `prettier --check` untouched. */
function render(table: PinnedDigests): string {
  const byVersion = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true })
  const tools = (Object.keys(table) as ToolName[]).map(tool => {
    const versions = Object.keys(table[tool]).sort(byVersion)
    if (versions.length === 0) return `  ${tool}: {}`
    const entries = versions.map(version => {
      const digests = PLATFORM_KEYS.filter(key => table[tool][version][key]).map(
        key => `      '${key}': '${table[tool][version][key]}'`
      )
      return `    '${version}': {\n${digests.join(',\n')}\n    }`
    })
    return `  ${tool}: {\n${entries.join(',\n')}\n  }`
  })
  return `${tableStart}: PinnedDigests = {\n${tools.join(',\n')}\n}\n`
}

async function main(): Promise<void> {
  const table: PinnedDigests = structuredClone(PINNED_DIGESTS)
  for (const [tool, version] of requestedVersions(process.argv.slice(2))) {
    merge(table, tool, version, await publishedDigests(tool, version))
  }
  const text = readFileSync(tableFile, 'utf8')
  const start = text.indexOf(tableStart)
  if (start < 0) throw new Error(`${tableFile} has no "${tableStart}"`)
  writeFileSync(tableFile, text.slice(0, start) + render(table))
  console.log(`wrote ${path.relative(process.cwd(), tableFile)}`)
}

await main()
