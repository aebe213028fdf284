import * as core from '@actions/core'
import { Inputs, MAX_TIMEOUT, MAX_TIMEOUT_SECONDS } from './constants.js'
import { groupKind } from './kube-object.js'
import { imageReferenceProblem } from './manifests/image-reference.js'
import { isDnsLabel } from './manifests/kube-names.js'
import { parseParameters, type Parameters } from './manifests/parameters.js'
import { parseDuration } from './support/duration.js'
import { parseLabelSelector } from './rollout/label-selector.js'
import { InputError } from './support/errors.js'
import { parseSetLines } from './deploy/helm-set-values.js'
import { splitArgs } from './support/split-args.js'
import {
  checkRemovalInputs,
  removalSettings,
  type RemovalSettings
} from './deploy/removal/removal-settings.js'
import { withoutCredentials } from './support/url-credentials.js'
import { checkUserKubectlArgs } from './tool-runners/user-kubectl-args.js'
import { DEFAULT_HELM_MIRROR, DEFAULT_KUBECTL_MIRROR, checkVersion } from './tool-installers/versions.js'
import { checkMirror, checkSha256, type ToolSettings } from './tool-installers/tool-settings.js'

export type Command =
  'apply' | 'patch' | 'helm' | 'kubectl' | 'status' | 'delete' | 'promote' | 'abort' | 'reject'
/** How `command: apply` brings a new version of a Deployment live. */
export type DeployStrategy = 'rolling' | 'canary' | 'blue-green'
export type PatchType = 'strategic' | 'merge' | 'json'

/** How the action reaches the cluster: exactly one of the two ways. */
export type ClusterAccess =
  | { method: 'kubeconfig'; kubeconfig: string; context?: string; allowInsecureServer: boolean }
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
    /** Manifests and `kustomize` may lie outside the workspace (after symlinks are followed). */
    allowOutsideWorkspace: boolean
    serverSide: boolean
    forceConflicts: boolean
    /** `${parameters.key}` → value, in manifests, kustomize output and the patch body. */
    parameters: Parameters
    /** Provenance annotations on every applied object (`annotate`), and the environment they name. */
    provenance: { annotate: boolean; environment?: string }
  }
  patch: { target: string; body: string; type: PatchType }
  /** `kind/name` as given: what `promote` and `abort` act on, and what `status` reads. */
  target?: string
  /** `promote --full`: past every remaining step, pause and analysis at once. */
  promoteFull: boolean
  /** `rolling`: the Deployment's own rollout; `blue-green`: a second color next to the live one. */
  strategy: DeployStrategy
  /** `canary-replicas`: a count, or a percentage of the live Deployment's replicas. */
  canaryReplicas: CanaryReplicas
  /** Blue-green on plain Deployments (deploy/blue-green): the live Service and the old color's grace. */
  blueGreen: {
    /** The live Service in front of the Deployment; found by its selector when not given. */
    service?: string
    /** How long the old color keeps its replicas after `promote`, in seconds. */
    scaleDownDelaySeconds: number
  }
  helm: {
    chart: string
    release: string
    chartVersion?: string
    values: string[]
    /** The `set` input's lines as written (blank and comment lines kept, so errors name the line). */
    set: string[]
  }
  tools: ToolSettings
  wait: {
    enabled: boolean
    timeoutSeconds: number
    selector?: string
    failFast: boolean
    /** `Kind.group` → condition type that means ready for that kind. */
    readyConditions: Record<string, string>
    /** `Kind.group` → condition type that, when True, means the object failed. */
    failureConditions: Record<string, string>
    /** `paused`: an Argo Rollout stopped at a pause step or a blue-green preview is done. */
    until: 'ready' | 'paused'
  }
  rollbackOnFailure: boolean
  /** Plan, validate and preview what would change, then stop: nothing in the cluster changes. */
  dryRun: boolean
  /** `prune` and `command: delete`: what goes, and how (deploy/removal/removal-settings.ts). */
  removal: RemovalSettings
}

/** `canary-replicas`: a number of pods, or a percentage of the live Deployment's spec.replicas. */
export type CanaryReplicas = { count: number } | { percent: number }

/** Reads one input by name; '' when not given. Tests pass a plain function instead of the environment. */
export type InputReader = (name: string) => string
/** Says something about the inputs that is allowed but worth knowing (TLS verification off). */
export type InputWarning = (message: string) => void

const COMMANDS: readonly Command[] = [
  'apply',
  'patch',
  'helm',
  'kubectl',
  'status',
  'delete',
  'promote',
  'abort',
  'reject'
]
const STRATEGIES: readonly DeployStrategy[] = ['rolling', 'canary', 'blue-green']
const PATCH_TYPES: readonly PatchType[] = ['strategic', 'merge', 'json']
/** `kind/name` or `kind.group/name`, as kubectl names one object. */
const KIND_NAME = /^[a-z0-9.-]+\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i

/**
 * Reads the settings, then takes the inputs out of this process's environment, whether they were valid
 * or not: every child process (tar unpacking helm, kubectl, helm, credential plugins) would inherit
 * them, the kubeconfig and token included. Nothing reads an input after this.
 */
export function takeSettings(read?: InputReader): Settings {
  try {
    return getSettings(read)
  } finally {
    for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
  }
}

export function getSettings(
  read: InputReader = name => core.getInput(name),
  warn: InputWarning = message => core.warning(message)
): Settings {
  const text = (name: Inputs): string => read(name).trim()
  const optional = (name: Inputs): string | undefined => text(name) || undefined
  const lines = (name: Inputs): string[] =>
    read(name)
      .split(/\r?\n/)
      .map(line => line.trim())
      .filter(line => line !== '' && !line.startsWith('#'))

  const command = oneOf(text(Inputs.Command) || 'apply', COMMANDS, Inputs.Command)
  const allowInsecureMirror = bool(read, Inputs.AllowInsecureMirror, false)
  const settings: Settings = {
    access: clusterAccess(read, warn),
    namespace: namespaceName(optional(Inputs.Namespace)),
    command,
    kubectlArgs: checkUserKubectlArgs(splitArgs(read(Inputs.Args), Inputs.Args), Inputs.Args),
    apply: {
      manifests: lines(Inputs.Manifests),
      kustomize: optional(Inputs.Kustomize),
      images: imageReferences(lines(Inputs.Images)),
      allowOutsideWorkspace: bool(read, Inputs.AllowOutsideWorkspace, false),
      serverSide: bool(read, Inputs.ServerSide, true),
      forceConflicts: bool(read, Inputs.ForceConflicts, false),
      parameters: parseParameters(read(Inputs.Parameters)),
      provenance: { annotate: bool(read, Inputs.Annotate, true), environment: optional(Inputs.Environment) }
    },
    patch: {
      target: text(Inputs.PatchTarget),
      body: read(Inputs.Patch),
      type: oneOf(text(Inputs.PatchType) || 'strategic', PATCH_TYPES, Inputs.PatchType)
    },
    target: optional(Inputs.Target),
    promoteFull: bool(read, Inputs.PromoteFull, false),
    strategy: oneOf(text(Inputs.Strategy) || 'rolling', STRATEGIES, Inputs.Strategy),
    canaryReplicas: parseCanaryReplicas(text(Inputs.CanaryReplicas) || '1'),
    blueGreen: {
      service: serviceName(optional(Inputs.Service)),
      scaleDownDelaySeconds: parseDuration(text(Inputs.ScaleDownDelay) || '30s', Inputs.ScaleDownDelay)
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
      kubectlMirror: checkMirror(
        text(Inputs.KubectlMirror) || DEFAULT_KUBECTL_MIRROR,
        Inputs.KubectlMirror,
        allowInsecureMirror
      ),
      kubectlSha256: checkSha256(text(Inputs.KubectlSha256), Inputs.KubectlSha256),
      helmVersion: checkVersion(text(Inputs.HelmVersion), Inputs.HelmVersion, 'helm'),
      helmMirror: checkMirror(
        text(Inputs.HelmMirror) || DEFAULT_HELM_MIRROR,
        Inputs.HelmMirror,
        allowInsecureMirror
      ),
      helmSha256: checkSha256(text(Inputs.HelmSha256), Inputs.HelmSha256),
      allowInsecureMirror
    },
    wait: {
      enabled: bool(read, Inputs.Wait, true),
      timeoutSeconds: timeout(text(Inputs.Timeout) || '5m'),
      selector: labelSelector(optional(Inputs.Selector)),
      failFast: bool(read, Inputs.FailFast, true),
      readyConditions: conditionsByKind(lines(Inputs.ReadyConditions), Inputs.ReadyConditions, 'Ready'),
      failureConditions: conditionsByKind(
        lines(Inputs.FailureConditions),
        Inputs.FailureConditions,
        'Degraded'
      ),
      until: oneOf(text(Inputs.WaitUntil) || 'ready', ['ready', 'paused'] as const, Inputs.WaitUntil)
    },
    rollbackOnFailure: bool(read, Inputs.RollbackOnFailure, false),
    dryRun: bool(read, Inputs.DryRun, false),
    removal: removalSettings({
      prune: bool(read, Inputs.Prune, false),
      applySet: optional(Inputs.ApplySet),
      kinds: optional(Inputs.Kinds),
      propagation: optional(Inputs.Propagation)
    })
  }
  checkCommandInputs(settings)
  checkRemovalInputs(settings)
  checkCanaryInputs(settings, text(Inputs.CanaryReplicas) !== '')
  return settings
}

function clusterAccess(read: InputReader, warn: InputWarning): ClusterAccess {
  const kubeconfig = read(Inputs.Kubeconfig).trim()
  const server = read(Inputs.Server).trim()
  const token = read(Inputs.Token).trim()
  const certificateAuthority = read(Inputs.CertificateAuthority).trim() || undefined
  const context = read(Inputs.Context).trim() || undefined
  const insecureSkipTlsVerify = bool(read, Inputs.InsecureSkipTlsVerify, false)
  const allowInsecureServer = bool(read, Inputs.AllowInsecureServer, false)

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
    return { method: 'kubeconfig', kubeconfig, context, allowInsecureServer }
  }
  if (!server && !token) {
    throw new InputError(
      Inputs.Kubeconfig,
      'no cluster access given: set `kubeconfig`, or `server` and `token`'
    )
  }
  if (!server) throw new InputError(Inputs.Server, 'is required with `token`')
  if (!token) throw new InputError(Inputs.Token, 'is required with `server`')
  // A bearer token is one header value: a space or line break in it would end or add a header.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new InputError(
      Inputs.Token,
      'holds spaces, line breaks or other characters a bearer token never has'
    )
  }
  if (!/^https?:\/\/[^\s/]+/.test(server)) {
    throw new InputError(Inputs.Server, `"${withoutCredentials(server)}" is not a URL like https://host:6443`)
  }
  if (context) throw new InputError(Inputs.Context, 'only applies with `kubeconfig`')
  checkTransport({ server, certificateAuthority, insecureSkipTlsVerify, allowInsecureServer }, warn)
  return { method: 'token', server, token, certificateAuthority, insecureSkipTlsVerify }
}

/**
 * The token is a bearer credential: over http, or to a server whose certificate is not verified,
 * anyone on the path can take it. Both need saying so explicitly.
 */
function checkTransport(
  access: {
    server: string
    certificateAuthority?: string
    insecureSkipTlsVerify: boolean
    allowInsecureServer: boolean
  },
  warn: InputWarning
): void {
  const { server, certificateAuthority, insecureSkipTlsVerify, allowInsecureServer } = access
  if (server.startsWith('http:')) {
    if (!allowInsecureServer)
      throw new InputError(
        Inputs.Server,
        `"${withoutCredentials(server)}" is plain http: the token would travel in clear. Use https, or set \`allow-insecure-server: true\``
      )
    if (certificateAuthority || insecureSkipTlsVerify)
      throw new InputError(
        certificateAuthority ? Inputs.CertificateAuthority : Inputs.InsecureSkipTlsVerify,
        'only applies to an https `server`'
      )
    warn(`input "server": ${withoutCredentials(server)} is plain http; the token travels in clear`)
    return
  }
  if (allowInsecureServer)
    throw new InputError(Inputs.AllowInsecureServer, 'only applies to an http `server`')
  if (certificateAuthority && insecureSkipTlsVerify)
    throw new InputError(
      Inputs.InsecureSkipTlsVerify,
      'cannot be true together with `certificate-authority`: give the CA and keep verification on'
    )
  if (insecureSkipTlsVerify)
    warn(
      'input "insecure-skip-tls-verify": TLS verification is off; anyone between the runner and the server can read the token'
    )
  else if (!certificateAuthority)
    throw new InputError(
      Inputs.CertificateAuthority,
      'is required with `server` (or set `insecure-skip-tls-verify: true`, never in production)'
    )
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
    if (!KIND_NAME.test(patch.target)) {
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
  if ((command === 'helm' || command === 'kubectl') && apply.parameters.size > 0) {
    throw new InputError(
      Inputs.Parameters,
      `apply to manifests, kustomize and the patch body, not to \`command: ${command}\`${command === 'helm' ? ' (use `set`)' : ''}`
    )
  }
  if (command === 'kubectl' && settings.dryRun) {
    throw new InputError(
      Inputs.DryRun,
      'does not apply to `command: kubectl`, whose changes cannot be known beforehand (apply, patch and helm have a dry run)'
    )
  }
  if (command === 'kubectl' && settings.kubectlArgs.length === 0) {
    throw new InputError(Inputs.Args, 'is required with `command: kubectl`, e.g. `get pods`')
  }
  if (
    command === 'status' &&
    apply.manifests.length === 0 &&
    !apply.kustomize &&
    !settings.wait.selector &&
    !settings.target
  ) {
    throw new InputError(
      Inputs.Selector,
      'with `command: status`, give `selector`, `target`, `manifests` or `kustomize`'
    )
  }
  checkTargetInputs(settings)
  checkStrategyInputs(settings)
}

/** `strategy: blue-green` is a way to apply; `service` names what it and its promote/reject switch. */
function checkStrategyInputs({ command, strategy, blueGreen, removal }: Settings): void {
  if (strategy === 'blue-green' && removal.prune)
    throw new InputError(
      Inputs.Prune,
      "does not go with `strategy: blue-green`: the live color is not in the next deploy's manifests, and would be pruned"
    )
  if (strategy === 'blue-green' && command !== 'apply')
    throw new InputError(
      Inputs.Strategy,
      `blue-green applies with \`command: apply\` (\`promote\` and \`reject\` find the pending preview by \`target\`)`
    )
  const switching = command === 'promote' || command === 'reject' || strategy === 'blue-green'
  if (blueGreen.service !== undefined && !switching)
    throw new InputError(
      Inputs.Service,
      'only applies with `strategy: blue-green`, `command: promote` or `command: reject`'
    )
}

/**
 * `strategy: canary` releases one Deployment of `command: apply` beside the live one. Prune would
 * delete the live Deployment (the set applied holds its canary instead), so the two do not mix.
 */
function checkCanaryInputs(settings: Settings, canaryReplicasGiven: boolean): void {
  const { strategy, command } = settings
  if (strategy === 'canary') {
    if (command !== 'apply')
      throw new InputError(Inputs.Strategy, `canary only applies with \`command: apply\`, not \`${command}\``)
    if (settings.removal.prune)
      throw new InputError(
        Inputs.Prune,
        'does not apply with `strategy: canary`: the set applied holds the canary, so the live Deployment would be pruned'
      )
  } else if (canaryReplicasGiven)
    throw new InputError(Inputs.CanaryReplicas, 'only applies with `strategy: canary`')
}

/** `3` or `25%`: how many pods the canary runs, absolute or of the live Deployment's replicas. */
function parseCanaryReplicas(value: string): CanaryReplicas {
  const match = /^([0-9]{1,6})(%?)$/.exec(value)
  const number = match ? Number(match[1]) : NaN
  if (!match || number < 1 || (match[2] === '%' && number > 100))
    throw new InputError(
      Inputs.CanaryReplicas,
      `"${value}" is not a whole number of at least 1 or a percentage from 1% to 100%, e.g. 2 or 25%`
    )
  return match[2] === '%' ? { percent: number } : { count: number }
}

/** `target` names one object by `kind/name`; `promote` and `abort` need one. */
function checkTargetInputs({ command, target, promoteFull, strategy }: Settings): void {
  const acting = command === 'promote' || command === 'abort' || command === 'reject'
  if (acting && !target)
    throw new InputError(
      Inputs.Target,
      `is required with \`command: ${command}\`, e.g. ${command === 'reject' ? 'deployment/web' : 'rollout/web'}`
    )
  if (target !== undefined) {
    const choosesCanary = command === 'apply' && strategy === 'canary'
    if (!acting && command !== 'status' && !choosesCanary)
      throw new InputError(
        Inputs.Target,
        'only applies with `command: promote`, `abort`, `reject` or `status`, or `strategy: canary`'
      )
    notAnOption(target, Inputs.Target)
    if (!KIND_NAME.test(target))
      throw new InputError(Inputs.Target, `"${target}" is not of the form kind/name, e.g. rollout/web`)
  }
  if (promoteFull && command !== 'promote')
    throw new InputError(Inputs.PromoteFull, 'only applies with `command: promote`')
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

/** A namespace goes into API paths and field selectors: it must be a DNS label, nothing more. */
function namespaceName(value: string | undefined): string | undefined {
  return dnsLabel(value, Inputs.Namespace, 'namespace')
}

/** A Service name goes into API paths: a DNS label, nothing more. */
function serviceName(value: string | undefined): string | undefined {
  return dnsLabel(value, Inputs.Service, 'Service')
}

function dnsLabel(value: string | undefined, input: Inputs, what: string): string | undefined {
  if (value !== undefined && !isDnsLabel(value))
    throw new InputError(
      input,
      `"${value}" is not a ${what} name (lowercase letters, digits and -, 63 at most)`
    )
  return value
}

function imageReferences(references: string[]): string[] {
  for (const reference of references) {
    const problem = imageReferenceProblem(reference)
    if (problem)
      throw new InputError(Inputs.Images, `"${reference}" is not an image reference: it ${problem}`)
  }
  return references
}

/** One deadline for a job step: beyond a GitHub job's own limit it means nothing (and overflows timers). */
function timeout(value: string): number {
  const seconds = parseDuration(value, Inputs.Timeout)
  if (seconds > MAX_TIMEOUT_SECONDS)
    throw new InputError(Inputs.Timeout, `"${value}" is longer than the maximum, ${MAX_TIMEOUT}`)
  return seconds
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
