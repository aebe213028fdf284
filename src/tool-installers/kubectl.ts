import { expectedDigest } from './expected-digest.js'
import type { DownloadOptions } from './http-download.js'
import { installTool } from './install-tool.js'
import { executableName, hostPlatform, type Platform } from './platform.js'
import type { ToolSettings } from './tool-settings.js'
import { OFFICIAL_MIRRORS } from './versions.js'

/** URL of kubectl in the official layout: `<mirror>/<version>/bin/<os>/<arch>/kubectl[.exe]`. */
export function kubectlUrl(mirror: string, version: string, platform: Platform): string {
  return `${mirror}/${version}/bin/${platform.os}/${platform.arch}/${executableName('kubectl', platform)}`
}

/** Where the Kubernetes site publishes a file's checksum: next to it, as `<file>.sha256`. */
export function kubectlChecksumUrl(mirror: string, version: string, platform: Platform): string {
  return `${kubectlUrl(mirror, version, platform)}.sha256`
}

/** Installs (or finds) the kubectl `tools` names, verified; returns the path of the executable. */
export async function installKubectl(
  tools: ToolSettings,
  platform = hostPlatform(),
  options: DownloadOptions = {}
): Promise<string> {
  const { kubectlVersion: version, kubectlMirror: mirror } = tools
  const expected = expectedDigest({
    tool: 'kubectl',
    version,
    platform,
    mirror,
    sha256: tools.kubectlSha256,
    checksumUrl: kubectlChecksumUrl(mirror, version, platform),
    officialChecksumUrl: kubectlChecksumUrl(OFFICIAL_MIRRORS.kubectl, version, platform)
  })
  return installTool(
    {
      tool: 'kubectl',
      version,
      platform,
      mirror,
      url: kubectlUrl(mirror, version, platform),
      expected,
      fileName: executableName('kubectl', platform)
    },
    options
  )
}
