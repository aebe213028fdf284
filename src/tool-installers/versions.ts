import { InputError } from '../support/errors.js'

export type ToolName = 'kubectl' | 'helm'

/**
 * The tool versions a run uses when the workflow names none. Pinned exactly (never "latest") so a
 * deploy is reproducible; bump them deliberately, together with the defaults in action.yml.
 */
export const DEFAULT_KUBECTL_VERSION = 'v1.33.13'
export const DEFAULT_HELM_VERSION = 'v3.19.5'

/** Official download sites; their layouts are what a mirror must copy. */
export const DEFAULT_KUBECTL_MIRROR = 'https://dl.k8s.io/release'
export const DEFAULT_HELM_MIRROR = 'https://get.helm.sh'

/**
 * The only mirrors whose own published checksums are trusted (over https, from the project itself);
 * any other mirror needs a digest from the inputs or the pinned table.
 */
export const OFFICIAL_MIRRORS: Readonly<Record<ToolName, string>> = {
  kubectl: DEFAULT_KUBECTL_MIRROR,
  helm: DEFAULT_HELM_MIRROR
}

/** `mirror` as checkMirror() leaves it (no trailing slash); any other spelling counts as another mirror. */
export function isOfficialMirror(tool: ToolName, mirror: string): boolean {
  return mirror === OFFICIAL_MIRRORS[tool]
}

/** Returns the exact version `vX.Y.Z` (a `v` is added when missing), or the default when empty. */
export function checkVersion(value: string, inputName: string, tool: ToolName): string {
  if (value === '') return tool === 'kubectl' ? DEFAULT_KUBECTL_VERSION : DEFAULT_HELM_VERSION
  const version = value.startsWith('v') ? value : `v${value}`
  if (!/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
    throw new InputError(
      inputName,
      `"${value}" is not an exact version like ${tool === 'kubectl' ? 'v1.33.13' : 'v3.19.5'}`
    )
  }
  return version
}
