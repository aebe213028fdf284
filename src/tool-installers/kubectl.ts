import { installTool } from './download.js'
import { executableName, hostPlatform, type Platform } from './platform.js'

/** URL of kubectl in the official layout: `<mirror>/<version>/bin/<os>/<arch>/kubectl[.exe]`. */
export function kubectlUrl(mirror: string, version: string, platform: Platform): string {
  return `${mirror}/${version}/bin/${platform.os}/${platform.arch}/${executableName('kubectl', platform)}`
}

export async function installKubectl(
  version: string,
  mirror: string,
  platform = hostPlatform()
): Promise<string> {
  const url = kubectlUrl(mirror, version, platform)
  return installTool({
    tool: 'kubectl',
    version,
    platform,
    url,
    checksumUrl: `${url}.sha256`,
    binaryName: executableName('kubectl', platform)
  })
}
