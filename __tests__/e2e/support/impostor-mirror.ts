import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { startMirror, type Mirror } from '../../../test/harness/mirror.js'

/**
 * A mirror that serves impostors: a `kubectl` and a helm archive that are not the real tools, each with
 * a checksum file that matches it. A mirror controls both files, so its checksums prove nothing: only a
 * digest from elsewhere (the action's own table, or `kubectl-sha256` / `helm-sha256`) does. Each
 * impostor, if it ever runs, writes a line to its marker file and exits 1.
 */
export interface ImpostorMirror {
  mirror: Mirror
  /** Exists once the impostor kubectl (or helm) ran. */
  kubectlMarker: string
  helmMarker: string
  close(): Promise<void>
}

export async function startImpostorMirror(
  root: string,
  versions: { kubectl: string; helm: string }
): Promise<ImpostorMirror> {
  const platform = `${process.platform === 'darwin' ? 'darwin' : 'linux'}-${process.arch === 'arm64' ? 'arm64' : 'amd64'}`
  const [os, arch] = platform.split('-')
  const kubectlMarker = path.join(root, 'kubectl-ran')
  const helmMarker = path.join(root, 'helm-ran')

  const kubectlDir = path.join(root, 'files', 'kubectl', versions.kubectl, 'bin', os, arch)
  mkdirSync(kubectlDir, { recursive: true })
  const kubectl = path.join(kubectlDir, 'kubectl')
  writeFileSync(kubectl, impostor(kubectlMarker), { mode: 0o755 })
  writeFileSync(`${kubectl}.sha256`, sha256(kubectl))

  const helmDir = path.join(root, 'files', 'helm')
  const archiveRoot = path.join(root, 'archive')
  mkdirSync(path.join(archiveRoot, platform), { recursive: true })
  mkdirSync(helmDir, { recursive: true })
  writeFileSync(path.join(archiveRoot, platform, 'helm'), impostor(helmMarker), { mode: 0o755 })
  const archive = path.join(helmDir, `helm-${versions.helm}-${platform}.tar.gz`)
  execFileSync('tar', ['-czf', archive, '-C', archiveRoot, platform])
  writeFileSync(`${archive}.sha256sum`, `${sha256(archive)}  ${path.basename(archive)}\n`)

  const mirror = await startMirror(path.join(root, 'files'))
  return { mirror, kubectlMarker, helmMarker, close: () => mirror.close() }
}

/** Whether an impostor ran: the check a hostile-mirror case adds. */
export const ran = (marker: string): boolean => existsSync(marker)

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

function impostor(marker: string): string {
  return `#!/bin/sh\necho "impostor ran: $0" >> '${marker}'\nexit 1\n`
}
