import * as tc from '@actions/tool-cache'
import * as path from 'node:path'
import { installTool } from './download.js'
import { executableName, hostPlatform, type Platform } from './platform.js'

/** URL of the helm archive in the official layout: `<mirror>/helm-<version>-<os>-<arch>.tar.gz` (.zip on Windows). */
export function helmUrl(mirror: string, version: string, platform: Platform): string {
  const extension = platform.os === 'windows' ? 'zip' : 'tar.gz'
  return `${mirror}/helm-${version}-${platform.os}-${platform.arch}.${extension}`
}

export async function installHelm(
  version: string,
  mirror: string,
  platform = hostPlatform()
): Promise<string> {
  const url = helmUrl(mirror, version, platform)
  return installTool({
    tool: 'helm',
    version,
    platform,
    url,
    checksumUrl: `${url}.sha256sum`,
    binaryName: executableName('helm', platform),
    // The archives hold a single folder named `<os>-<arch>` with the binary in it.
    unpack: async archive => {
      const extracted =
        platform.os === 'windows' ? await tc.extractZip(archive) : await tc.extractTar(archive)
      return path.join(extracted, `${platform.os}-${platform.arch}`)
    }
  })
}
