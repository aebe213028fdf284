import * as core from '@actions/core'
import { Inputs } from './constants.js'
import { groupKind } from './kube-object.js'
import { parseDuration } from './support/duration.js'
import { parseLabelSelector } from './rollout/label-selector.js'
import { InputError } from './support/errors.js'
import { parseSetLines } from './deploy/helm-set-values.js'
import { splitArgs } from './support/split-args.js'
import { DEFAULT_HELM_MIRROR, DEFAULT_KUBECTL_MIRROR, checkVersion } from './tool-installers/versions.js'

export type Command = 'apply' | 'patch' | 'helm' | 'kubectl' | 'status'
export type PatchType = 'strategic' | 'merge' | 'json'

/** How the action reaches the cluster: exactly one of the two ways. */
export type ClusterAccess =
  | { method: 'kubeconfig'; kubeconfig: string; context?: string }
  | {
      method: 'token'
      server: string
      token: string
      certificateAuthority?: string
      insecureSkipTlsVerify: boolean
    }

/** Everything the action was asked to do, validated and typed. Built once, by getSettings(). */
export interface Settings {
  access: ClusterAccess
  /** Namespace given by the user; when absent the kubeconfig's (or `default`) is used. */
  namespace?: string
  command: Command
  /** Free arguments of `command: kubectl`. */
  kubectlArgs: string[]
  apply: {
    manifests: string[]
    kustomize?: string
    images: string[]
    serverSide: boolean
    forceConflicts: boolean
  }
  patch: { target: string; body: string; type: PatchType }
  helm: {
    chart: string
    release: string
    chartVersion?: string
    values: string[]
    /** The `set` input's lines as written (blank and comment lines kept, so errors name the line). */
    set: string[]
  }
  tools: { kubectlVersion: string; kubectlMirror: string; helmVersion: string; helmMirror: string }
  wait: {
    enabled: boolean
    timeoutSeconds: number
    selector?: string
    failFast: boolean
    /** `Kind.group` → condition type that means ready for that kind. */
    readyConditions: Record<string, string>
    /** `Kind.group` → condition type that, when True, means the object failed. */
    failureConditions: Record<string, string>
  }
  rollbackOnFailure: boolean
}

/** Reads one input by name; '' when not given. Tests pass a plain function instead of the environment. */
export type InputReader = (name: string) => string

const COMMANDS: readonly Command[] = ['apply', 'patch', 'helm', 'kubectl', 'status']
const PATCH_TYPES: readonly PatchType[] = ['strategic', 'merge', 'json']

export function getSettings(read: InputReader = name => core.getInput(name)): Settings {
  const text = (name: Inputs): string => read(name).trim()
  const optional = (name: Inputs): string | undefined => text(name) || undefined
  const lines = (name: Inputs): string[] =>
    read(name)
      .split(/\r?\n/)
      .map(line => line.trim())
      .filter(line => line !== '' && !line.startsWith('#'))

  const command = oneOf(text(Inputs.Command) || 'apply', COMMANDS, Inputs.Command)
  const settings: Settings = {
    access: clusterAccess(read),
    namespace: optional(Inputs.Namespace),
    command,
    kubectlArgs: splitArgs(read(Inputs.Args), Inputs.Args),
    apply: {
      manifests: lines(Inputs.Manifests),
      kustomize: optional(Inputs.Kustomize),
      images: lines(Inputs.Images),
      serverSide: bool(read, Inputs.ServerSide, false),
      forceConflicts: bool(read, Inputs.ForceConflicts, false)
    },
    patch: {
      target: text(Inputs.PatchTarget),
      body: read(Inputs.Patch),
      type: oneOf(text(Inputs.PatchType) || 'strategic', PATCH_TYPES, Inputs.PatchType)
    },
    helm: {
      chart: text(Inputs.Chart),
      release: text(Inputs.Release),
      chartVersion: optional(Inputs.ChartVersion),
      values: lines(Inputs.Values),
      set: read(Inputs.Set).split(/\r?\n/)
    },
    tools: {
      kubectlVersion: checkVersion(text(Inputs.KubectlVersion), Inputs.KubectlVersion, 'kubectl'),
      kubectlMirror: mirror(text(Inputs.KubectlMirror) || DEFAULT_KUBECTL_MIRROR, Inputs.KubectlMirror),
      helmVersion: checkVersion(text(Inputs.HelmVersion), Inputs.HelmVersion, 'helm'),
      helmMirror: mirror(text(Inputs.HelmMirror) || DEFAULT_HELM_MIRROR, Inputs.HelmMirror)
    },
    wait: {
      enabled: bool(read, Inputs.Wait, true),
      timeoutSeconds: parseDuration(text(Inputs.Timeout) || '5m', Inputs.Timeout),
      selector: labelSelector(optional(Inputs.Selector)),
      failFast: bool(read, Inputs.FailFast, true),
      readyConditions: conditionsByKind(lines(Inputs.ReadyConditions), Inputs.ReadyConditions, 'Ready'),
      failureConditions: conditionsByKind(
        lines(Inputs.FailureConditions),
        Inputs.FailureConditions,
        'Degraded'
      )
    },
    rollbackOnFailure: bool(read, Inputs.RollbackOnFailure, false)
  }
  checkCommandInputs(settings)
  return settings
}

function clusterAccess(read: InputReader): ClusterAccess {
  const kubeconfig = read(Inputs.Kubeconfig).trim()
  const server = read(Inputs.Server).trim()
  const token = read(Inputs.Token).trim()
  const certificateAuthority = read(Inputs.CertificateAuthority).trim() || undefined
  const context = read(Inputs.Context).trim() || undefined
  const insecureSkipTlsVerify = bool(read, Inputs.InsecureSkipTlsVerify, false)

  if (kubeconfig && (server || token)) {
    throw new InputError(Inputs.Kubeconfig, 'give either `kubeconfig` or `server` + `token`, not both')
  }
  if (kubeconfig) {
    if (certificateAuthority || insecureSkipTlsVerify) {
      throw new InputError(
        certificateAuthority ? Inputs.CertificateAuthority : Inputs.InsecureSkipTlsVerify,
        'only applies with `server` + `token`; put it in the kubeconfig instead'
      )
    }
    return { method: 'kubeconfig', kubeconfig, context }
  }
  if (!server && !token) {
    throw new InputError(
      Inputs.Kubeconfig,
      'no cluster access given: set `kubeconfig`, or `server` and `token`'
    )
  }
  if (!server) throw new InputError(Inputs.Server, 'is required with `token`')
  if (!token) throw new InputError(Inputs.Token, 'is required with `server`')
  if (!/^https?:\/\/[^\s/]+/.test(server)) {
    throw new InputError(Inputs.Server, `"${server}" is not a URL like https://host:6443`)
  }
  if (context) throw new InputError(Inputs.Context, 'only applies with `kubeconfig`')
  if (!certificateAuthority && !insecureSkipTlsVerify && server.startsWith('https:')) {
    throw new InputError(
      Inputs.CertificateAuthority,
      'is required with `server` (or set `insecure-skip-tls-verify: true`, never in production)'
    )
  }
  return { method: 'token', server, token, certificateAuthority, insecureSkipTlsVerify }
}

function checkCommandInputs(settings: Settings): void {
  const { command, apply, patch, helm } = settings
  if (command === 'apply' && apply.manifests.length === 0 && !apply.kustomize) {
    throw new InputError(Inputs.Manifests, 'is required with `command: apply` (or give `kustomize`)')
  }
  if (apply.forceConflicts && !apply.serverSide) {
    throw new InputError(Inputs.ForceConflicts, 'only applies with `server-side: true`')
  }
  if (command === 'patch') {
    notAnOption(patch.target, Inputs.PatchTarget)
    if (!/^[a-z0-9.-]+\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(patch.target)) {
      throw new InputError(
        Inputs.PatchTarget,
        `"${patch.target}" is not of the form kind/name, e.g. deployment/web`
      )
    }
    if (!patch.body.trim()) throw new InputError(Inputs.Patch, 'is required with `command: patch`')
  }
  if (command === 'helm') {
    if (!helm.chart) throw new InputError(Inputs.Chart, 'is required with `command: helm`')
    notAnOption(helm.chart, Inputs.Chart)
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(helm.release) || helm.release.length > 53) {
      throw new InputError(
        Inputs.Release,
        `"${helm.release}" is not a release name (lowercase, digits, '-', 53 at most)`
      )
    }
    parseSetLines(helm.set)
  }
  if (command === 'kubectl' && settings.kubectlArgs.length === 0) {
    throw new InputError(Inputs.Args, 'is required with `command: kubectl`, e.g. `get pods`')
  }
  if (command === 'status' && apply.manifests.length === 0 && !apply.kustomize && !settings.wait.selector) {
    throw new InputError(
      Inputs.Selector,
      'with `command: status`, give `selector`, `manifests` or `kustomize`'
    )
  }
}

/** A positional argument that kubectl or helm would read as an option. */
function notAnOption(value: string, name: Inputs): void {
  if (value.startsWith('-'))
    throw new InputError(name, `"${value}" starts with "-", which would make it an option`)
}

function bool(read: InputReader, name: Inputs, fallback: boolean): boolean {
  const value = read(name).trim().toLowerCase()
  if (value === '') return fallback
  if (['true', 'yes', 'on', '1'].includes(value)) return true
  if (['false', 'no', 'off', '0'].includes(value)) return false
  throw new InputError(name, `"${value}" is not a boolean (true or false)`)
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: Inputs): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new InputError(name, `"${value}" is not one of ${allowed.join(', ')}`)
}

function mirror(value: string, name: Inputs): string {
  if (!/^https?:\/\/\S+$/.test(value)) throw new InputError(name, `"${value}" is not an http(s) URL`)
  return value.replace(/\/+$/, '')
}

/** A selector the wait can match pods with; checked now so a typo fails before anything changes. */
function labelSelector(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  try {
    parseLabelSelector(value)
  } catch (error) {
    throw new InputError(Inputs.Selector, error instanceof Error ? error.message : String(error))
  }
  return value
}

/** Reads `Kind.group=ConditionType` lines into a map keyed the way `groupKind()` spells a kind. */
function conditionsByKind(entries: string[], name: Inputs, example: string): Record<string, string> {
  const result: Record<string, string> = {}
  for (const entry of entries) {
    const match = /^([A-Z][A-Za-z0-9]*)(?:\.([a-z0-9.-]+))?=([A-Za-z][A-Za-z0-9]*)$/.exec(entry)
    if (!match) {
      throw new InputError(
        name,
        `"${entry}" is not Kind.group=ConditionType, e.g. Cluster.cluster.x-k8s.io=${example}`
      )
    }
    const [, kind, group, condition] = match
    result[groupKind({ kind, group: group ?? '' })] = condition
  }
  return result
}
