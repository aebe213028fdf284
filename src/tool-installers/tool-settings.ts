import { maskCredentials, withoutCredentials } from '../support/url-credentials.js'
import { Inputs } from '../constants.js'
import { InputError } from '../support/errors.js'
import type { ToolName } from './versions.js'

/** Which kubectl and helm to install, from where, and what their downloads must hash to. */
export interface ToolSettings {
  kubectlVersion: string
  kubectlMirror: string
  /** `kubectl-sha256`: the digest of the kubectl file for this runner's platform, when given. */
  kubectlSha256?: string
  helmVersion: string
  helmMirror: string
  /** `helm-sha256`: the digest of the helm archive for this runner's platform, when given. */
  helmSha256?: string
  /** `allow-insecure-mirror`: a plain-http mirror is accepted (a digest is still required for it). */
  allowInsecureMirror: boolean
}

/** The input that gives a tool's expected digest, named in every error that asks for one. */
export function sha256Input(tool: ToolName): Inputs {
  return tool === 'kubectl' ? Inputs.KubectlSha256 : Inputs.HelmSha256
}

/** A mirror base URL without its trailing slash; plain http only when the workflow opted in. */
export function checkMirror(value: string, name: Inputs, allowInsecure: boolean): string {
  maskCredentials(value)
  if (!/^https?:\/\/\S+$/i.test(value))
    throw new InputError(name, `"${withoutCredentials(value)}" is not an http(s) URL`)
  if (/^http:/i.test(value) && !allowInsecure) {
    const tool = name === Inputs.HelmMirror ? 'helm' : 'kubectl'
    throw new InputError(
      name,
      `"${withoutCredentials(value)}" is plain http: anyone on the network path could swap the download. Use https, or set ` +
        `\`${Inputs.AllowInsecureMirror}: true\` together with \`${sha256Input(tool)}\``
    )
  }
  return value.replace(/\/+$/, '')
}

/** A hex sha256 (64 characters, any case), returned in lower case; undefined when not given. */
export function checkSha256(value: string, name: Inputs): string | undefined {
  if (value === '') return undefined
  if (!/^[0-9a-fA-F]{64}$/.test(value)) {
    throw new InputError(name, `"${value}" is not a sha256 digest (64 hexadecimal characters)`)
  }
  return value.toLowerCase()
}
