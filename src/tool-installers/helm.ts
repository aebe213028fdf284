import * as tc from '@actions/tool-cache'
import { chmod } from 'node:fs/promises'
import * as path from 'node:path'
import { expectedDigest } from './expected-digest.js'
import type { DownloadOptions } from './http-download.js'
import { installTool } from './install-tool.js'
import { executableName, hostPlatform, type Platform } from './platform.js'
import type { ToolSettings } from './tool-settings.js'
import { OFFICIAL_MIRRORS } from './versions.js'

/** File name of the helm archive: `helm-<version>-<os>-<arch>.tar.gz` (.zip on Windows). */
export function helmArchiveName(version: string, platform: Platform): string {
  const extension = platform.os === 'windows' ? 'zip' : 'tar.gz'
  return `helm-${version}-${platform.os}-${platform.arch}.${extension}`
}

/** URL of the helm archive in the official layout: `<mirror>/<archive>`. */
export function helmUrl(mirror: string, version: string, platform: Platform): string {
  return `${mirror}/${helmArchiveName(version, platform)}`
}

/** Where the helm site publishes an archive's checksum: `<archive>.sha256sum` (`<hex>  <name>`). */
export function helmChecksumUrl(mirror: string, version: string, platform: Platform): string {
  return `${helmUrl(mirror, version, platform)}.sha256sum`
}

/**
 * Installs (or finds) the helm `tools` names; returns the path of the executable. The verified
 * archive is what the tool cache keeps (its digest is the one published), and it is unpacked
 * afresh on every run, into RUNNER_TEMP, from the copy just hashed.
 */
export async function installHelm(
  tools: ToolSettings,
  platform = hostPlatform(),
  options: DownloadOptions = {}
): Promise<string> {
  const { helmVersion: version, helmMirror: mirror } = tools
  const expected = expectedDigest({
    tool: 'helm',
    version,
    platform,
    mirror,
    sha256: tools.helmSha256,
    checksumUrl: helmChecksumUrl(mirror, version, platform),
    officialChecksumUrl: helmChecksumUrl(OFFICIAL_MIRRORS.helm, version, platform)
  })
  return installTool(
    {
      tool: 'helm',
      version,
      platform,
      mirror,
      url: helmUrl(mirror, version, platform),
      expected,
      fileName: helmArchiveName(version, platform),
      // The archives hold a single folder named `<os>-<arch>` with the binary in it.
      unpack: async archive => {
        const extracted =
          platform.os === 'windows' ? await tc.extractZip(archive) : await tc.extractTar(archive)
        const binary = path.join(
          extracted,
          `${platform.os}-${platform.arch}`,
          executableName('helm', platform)
        )
        if (platform.os !== 'windows') await chmod(binary, 0o755)
        return binary
      }
    },
    options
  )
}
