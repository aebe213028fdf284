import * as core from '@actions/core'
import { writeFile, chmod } from 'node:fs/promises'
import * as path from 'node:path'
import { parse, stringify } from 'yaml'
import { Inputs } from '../constants.js'
import { InputError } from '../support/errors.js'
import type { ClusterAccess } from '../inputs.js'
import { isWorthMasking } from '../tool-runners/secret-values.js'
import { urlSecrets, withoutCredentials } from '../support/url-credentials.js'
import { X509Certificate } from 'node:crypto'

/** The kubeconfig the run uses, with what must never be printed and what may be shown. */
export interface ClusterConfig {
  /** kubeconfig YAML, its current-context set to the chosen context and namespace. */
  content: string
  /** Values to register as secrets before anything is logged. */
  secrets: string[]
  /** API server URL: safe to show. */
  server: string
  namespace: string
  context: string
}

interface NamedEntry<T> {
  name: string
  [key: string]: unknown
  context?: T
  cluster?: T
  user?: T
}

type Fields = Record<string, unknown>

/** Builds the run's kubeconfig from the inputs. Pure: writes nothing, logs nothing. */
export function buildClusterConfig(access: ClusterAccess, namespaceInput: string | undefined): ClusterConfig {
  return access.method === 'kubeconfig'
    ? fromKubeconfig(access.kubeconfig, access.context, namespaceInput, access.allowInsecureServer)
    : fromToken(access, namespaceInput ?? 'default')
}

function fromKubeconfig(
  text: string,
  contextInput: string | undefined,
  namespaceInput: string | undefined,
  allowInsecureServer: boolean
): ClusterConfig {
  let config: Fields
  try {
    config = parse(text) as Fields
  } catch (error) {
    // The YAML parser quotes the offending text, which may be a secret: report only the position.
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line
    throw new InputError(Inputs.Kubeconfig, `is not valid YAML${line ? ` (line ${line})` : ''}`)
  }
  if (typeof config !== 'object' || config === null || !Array.isArray(config.contexts)) {
    throw new InputError(Inputs.Kubeconfig, 'is not a kubeconfig (no `contexts` list)')
  }
  const contexts = config.contexts as NamedEntry<Fields>[]
  const contextName = contextInput ?? (config['current-context'] as string | undefined)
  if (!contextName) throw new InputError(Inputs.Context, 'the kubeconfig has no current-context; name one')
  const context = contexts.find(entry => entry.name === contextName)
  if (!context?.context) {
    const known = contexts.map(entry => entry.name).join(', ')
    throw new InputError(
      contextInput ? Inputs.Context : Inputs.Kubeconfig,
      `context "${contextName}" not found (have: ${known})`
    )
  }
  const clusterName = context.context.cluster as string | undefined
  const cluster = (config.clusters as NamedEntry<Fields>[] | undefined)?.find(
    entry => entry.name === clusterName
  )
  const server = cluster?.cluster?.server
  if (typeof server !== 'string') {
    throw new InputError(
      Inputs.Kubeconfig,
      `context "${contextName}" names cluster "${String(clusterName)}", which has no server`
    )
  }
  // Over plain http the kubeconfig's credentials travel in clear: as for the `server` input, only on request.
  if (/^http:/i.test(server)) {
    if (allowInsecureServer) {
      core.warning(
        `kubeconfig context "${contextName}": ${withoutCredentials(server)} is plain http; its credentials travel in clear`
      )
    } else {
      throw new InputError(
        Inputs.Kubeconfig,
        `context "${contextName}" uses the plain http server ${withoutCredentials(server)}: its credentials would travel in clear. Use https, or set \`${Inputs.AllowInsecureServer}: true\``
      )
    }
  }
  const namespace = namespaceInput ?? (context.context.namespace as string | undefined) ?? 'default'
  context.context.namespace = namespace
  config['current-context'] = contextName
  const secrets = [...userSecrets(config), ...clusterSecrets(config)]
  return { content: stringify(config), secrets, server, namespace, context: contextName }
}

/** Credentials written into the URLs of the clusters: userinfo of `server` and `proxy-url`. */
function clusterSecrets(config: Fields): string[] {
  return ((config.clusters as NamedEntry<Fields>[] | undefined) ?? []).flatMap(entry =>
    ['server', 'proxy-url'].flatMap(key => urlSecrets(entry.cluster?.[key]))
  )
}

/** Every credential a kubeconfig can carry in its users. */
function userSecrets(config: Fields): string[] {
  const secrets: string[] = []
  for (const entry of (config.users as NamedEntry<Fields>[] | undefined) ?? []) {
    const user = entry.user ?? {}
    for (const key of ['token', 'password', 'client-key-data', 'client-certificate-data']) {
      if (typeof user[key] === 'string') secrets.push(user[key])
    }
    const providerConfig = (user['auth-provider'] as Fields | undefined)?.config as Fields | undefined
    for (const value of Object.values(providerConfig ?? {}))
      if (typeof value === 'string') secrets.push(value)
    // An exec plugin's arguments and environment often carry a token or a client secret.
    const exec = user.exec as { args?: unknown[]; env?: { value?: unknown }[] } | undefined
    for (const arg of exec?.args ?? []) if (typeof arg === 'string') secrets.push(...execArgSecrets(arg))
    for (const variable of exec?.env ?? [])
      if (typeof variable.value === 'string') secrets.push(variable.value)
  }
  return secrets
}

/** An exec argument that may be a credential: a value, or the value of `--flag=value`, not a flag name. */
function execArgSecrets(arg: string): string[] {
  const value = arg.startsWith('-') ? (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : '') : arg
  return isWorthMasking(value) ? [value] : []
}

function fromToken(access: Extract<ClusterAccess, { method: 'token' }>, namespace: string): ClusterConfig {
  const cluster: Fields = { server: access.server }
  if (access.certificateAuthority) cluster['certificate-authority-data'] = caData(access.certificateAuthority)
  if (access.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true
  const name = 'kube-deploy'
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user: { token: access.token } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace } }],
    'current-context': name
  }
  return {
    content: stringify(config),
    secrets: [access.token, ...urlSecrets(access.server)],
    server: access.server,
    namespace,
    context: name
  }
}

/** Accepts the CA as PEM or as base64 of PEM (what most secret stores hold); returns base64 of PEM. */
export function caData(value: string): string {
  const text = value.trim()
  const pem = text.includes('-----BEGIN CERTIFICATE-----')
    ? `${text}\n`
    : Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new InputError(Inputs.CertificateAuthority, 'is neither a PEM certificate nor base64 of one')
  }
  // Checked now: a CA that is not a certificate would only show later as an unverifiable server.
  try {
    new X509Certificate(pem)
  } catch {
    throw new InputError(
      Inputs.CertificateAuthority,
      'holds PEM markers, but no certificate that can be read'
    )
  }
  return Buffer.from(pem).toString('base64')
}

/** Writes the kubeconfig readable by its owner only; returns its path. */
export async function writeKubeconfig(directory: string, content: string): Promise<string> {
  const file = path.join(directory, 'kubeconfig')
  await writeFile(file, content, { mode: 0o600 })
  // The mode of writeFile is filtered by the umask and ignored when the file already exists.
  await chmod(file, 0o600)
  return file
}
