/** The os/arch names the Kubernetes and helm download sites use. */
export interface Platform {
  os: 'linux' | 'darwin' | 'windows'
  arch: 'amd64' | 'arm64'
}

/** Every platform both official sites publish kubectl and helm for, spelled `os/arch`. */
export const PLATFORM_KEYS = [
  'linux/amd64',
  'linux/arm64',
  'darwin/amd64',
  'darwin/arm64',
  'windows/amd64',
  'windows/arm64'
] as const
export type PlatformKey = (typeof PLATFORM_KEYS)[number]

export function hostPlatform(platform: string = process.platform, arch: string = process.arch): Platform {
  const os = platform === 'win32' ? 'windows' : platform
  if (os !== 'linux' && os !== 'darwin' && os !== 'windows')
    throw new Error(`unsupported operating system: ${platform}`)
  const goArch = arch === 'x64' ? 'amd64' : arch
  if (goArch !== 'amd64' && goArch !== 'arm64') throw new Error(`unsupported architecture: ${arch}`)
  return { os, arch: goArch }
}

export function platformKey(platform: Platform): PlatformKey {
  return `${platform.os}/${platform.arch}`
}

export function executableName(name: string, platform: Platform): string {
  return platform.os === 'windows' ? `${name}.exe` : name
}
