/** The os/arch names the Kubernetes and helm download sites use. */
export interface Platform {
  os: 'linux' | 'darwin' | 'windows'
  arch: 'amd64' | 'arm64'
}

export function hostPlatform(platform: string = process.platform, arch: string = process.arch): Platform {
  const os = platform === 'win32' ? 'windows' : platform
  if (os !== 'linux' && os !== 'darwin' && os !== 'windows')
    throw new Error(`unsupported operating system: ${platform}`)
  const goArch = arch === 'x64' ? 'amd64' : arch
  if (goArch !== 'amd64' && goArch !== 'arm64') throw new Error(`unsupported architecture: ${arch}`)
  return { os, arch: goArch }
}

export function executableName(name: string, platform: Platform): string {
  return platform.os === 'windows' ? `${name}.exe` : name
}
