import * as core from '@actions/core'
import { writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { stringify } from 'yaml'
import type { Kubectl } from '../cli/kubectl-cli.js'
import type { ClusterClient } from '../cluster/client.js'
import { ManifestError } from '../errors.js'
import { groupKind, groupOf, type KubeObject } from '../kube-object.js'
import type { ManifestObject } from '../manifests/load.js'
import { definedKinds, isCustomResourceDefinition } from '../manifests/order.js'
import { diffChanges, itemsOf, type Change } from './change-set.js'
import { resolveNamespaces } from './namespaces.js'

export interface ApplyOptions {
  namespace: string
  serverSide: boolean
  forceConflicts: boolean
  workDir: string
  /** Waits until the given CRDs are Established, before their custom resources are applied. */
  waitForCrds: (crds: Change[]) => Promise<void>
}

const FIELD_MANAGER = 'kube-deploy'

/**
 * Applies ordered manifests. Before anything changes, every object whose kind the server already knows
 * is checked by a server-side dry run, so an invalid manifest leaves the cluster as it was. CRDs go
 * first and are waited on until Established; then the rest in one apply.
 */
export async function applyManifests(
  kubectl: Kubectl,
  client: ClusterClient,
  entries: ManifestObject[],
  options: ApplyOptions
): Promise<Change[]> {
  const crds = entries.filter(entry => isCustomResourceDefinition(entry.object))
  const rest = entries.filter(entry => !isCustomResourceDefinition(entry.object))
  const newKinds = definedKinds(entries.map(entry => entry.object))
  const known = rest.filter(entry => !newKinds.has(groupKind(entry.object)))

  await resolveNamespaces(client, known, options.namespace)
  // Objects in a namespace this set creates cannot be checked before it exists; the rest can.
  const pendingNamespaces = await missingNamespaces(client, entries)
  await dryRun(
    kubectl,
    [...crds, ...known.filter(entry => !pendingNamespaces.has(entry.object.metadata.namespace ?? ''))],
    options
  )

  const changes: Change[] = []
  if (crds.length > 0) {
    const crdChanges = await applyPhase(kubectl, crds, options, 'crds')
    changes.push(...crdChanges)
    await options.waitForCrds(crdChanges)
    client.refreshDiscovery()
  }
  if (rest.length > 0) {
    await resolveNamespaces(client, rest, options.namespace)
    changes.push(...(await applyPhase(kubectl, rest, options, 'objects')))
  }
  return changes
}

async function missingNamespaces(client: ClusterClient, entries: ManifestObject[]): Promise<Set<string>> {
  const missing = new Set<string>()
  for (const { object } of entries) {
    if (object.kind !== 'Namespace' || object.apiVersion !== 'v1') continue
    const exists = await client.core.readNamespace({ name: object.metadata.name }).then(
      () => true,
      (error: { code?: number }) => (error.code === 404 ? false : Promise.reject(error as Error))
    )
    if (!exists) missing.add(object.metadata.name)
  }
  return missing
}

function applyArgs(file: string, options: ApplyOptions): string[] {
  const args = ['apply', '-f', file]
  if (options.serverSide) args.push('--server-side', `--field-manager=${FIELD_MANAGER}`)
  if (options.forceConflicts) args.push('--force-conflicts')
  return args
}

async function writeObjects(entries: ManifestObject[], options: ApplyOptions, name: string): Promise<string> {
  const file = path.join(options.workDir, `${name}.yaml`)
  await writeFile(file, entries.map(entry => stringify(entry.object)).join('---\n'), { mode: 0o600 })
  return file
}

async function dryRun(kubectl: Kubectl, entries: ManifestObject[], options: ApplyOptions): Promise<void> {
  if (entries.length === 0) return
  const file = await writeObjects(entries, options, 'dry-run')
  const result = await kubectl.run([...applyArgs(file, options), '--dry-run=server'], { allowFailure: true })
  if (result.exitCode !== 0) throw rejectedManifest(result.stderr || result.stdout, entries)
}

/** Turns kubectl's complaint about the temporary file into one that names the user's file and line. */
function rejectedManifest(message: string, entries: ManifestObject[]): Error {
  const text = message.replace(/error when \w+ "[^"]*": /g, '').trim()
  const named = entries.find(
    ({ object }) =>
      text.includes(`"${object.metadata.name}"`) && text.toLowerCase().includes(object.kind.toLowerCase())
  )
  return named
    ? new ManifestError(named.source, named.line, `rejected by the server: ${text}`)
    : new Error(`the server rejected the manifests: ${text}`)
}

async function applyPhase(
  kubectl: Kubectl,
  entries: ManifestObject[],
  options: ApplyOptions,
  name: string
): Promise<Change[]> {
  const file = await writeObjects(entries, options, name)
  const before = itemsOf(await kubectl.json<KubeObject>(['get', '-f', file, '--ignore-not-found']))
  const after = itemsOf(await kubectl.json<KubeObject>(applyArgs(file, options)))
  const sources = new Map(entries.map(entry => [identity(entry.object), `${entry.source}:${entry.line}`]))
  const changes = diffChanges(before, after, object => sources.get(identity(object)))
  for (const change of changes)
    core.info(`${change.ref.kind.toLowerCase()}/${change.ref.name} ${change.action}`)
  return changes
}

function identity(object: KubeObject): string {
  return `${groupOf(object.apiVersion)}|${object.kind}|${object.metadata.namespace ?? ''}|${object.metadata.name}`
}
