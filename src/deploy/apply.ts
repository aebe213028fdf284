import { writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import * as path from 'node:path'
import { stringify } from 'yaml'
import type { Kubectl } from '../tool-runners/kubectl-cli.js'
import type { ClusterClient, WriteResult } from '../cluster/client.js'
import { groupKind, refKey, toRef, type KubeObject } from '../kube-object.js'
import type { ManifestObject } from '../manifests/load.js'
import { applyLevels, definedKinds, isCustomResourceDefinition } from '../manifests/order.js'
import { errorMessage } from '../support/errors.js'
import {
  diffChanges,
  itemsOf,
  logChanges,
  PartialChangeError,
  type Change,
  type ChangePhase
} from './change-set.js'
import { readLiveObjects } from './live-objects.js'
import { missingNamespaces, resolveNamespaces, standInNamespace } from './namespaces.js'
import { checkAgainstCrd } from './schema-check.js'
import type { PlannedChange } from './planned-change.js'
import { applyPreview } from './preview/apply-preview.js'
import { checkOnServer, type ServerCheck } from './server-check.js'
import { serverSideApply } from './server-side-apply.js'
import { validationTargets } from './validation-targets.js'

export interface ApplyOptions {
  namespace: string
  serverSide: boolean
  forceConflicts: boolean
  workDir: string
}

/** What applying the manifests will take: the phases in order, and how many objects were checked. */
export interface ApplyPlan {
  phases: ChangePhase[]
  /** Objects the server validated before anything changed. */
  checked: number
  /** Custom resources of CRDs in the same set, validated against those CRDs' schemas instead. */
  schemaChecked: number
  /** What each object will become, live against the server's dry run (the diff preview). */
  preview: PlannedChange[]
}

/** Below this many objects per process, starting another kubectl costs more than it saves. */
const MIN_CHUNK = 25

/**
 * Plans the apply of ordered manifests, changing nothing: every object is validated first (a dry run
 * on the server, or its new CRD's schema for a custom resource), so an invalid manifest leaves the
 * cluster as it was.
 * The plan has two phases when the set holds CRDs: the CRDs, then the rest (level by level, see
 * applyLevels). The caller applies the second only once the CRDs are Established.
 */
export async function planApply(
  kubectl: Kubectl,
  client: ClusterClient,
  entries: ManifestObject[],
  options: ApplyOptions
): Promise<ApplyPlan> {
  const crds = entries.filter(entry => isCustomResourceDefinition(entry.object))
  const rest = entries.filter(entry => !isCustomResourceDefinition(entry.object))
  const newKinds = definedKinds(entries.map(entry => entry.object))
  const known = rest.filter(entry => !newKinds.has(groupKind(entry.object)))

  await resolveNamespaces(client, known, options.namespace)
  const validated = await validateBeforeChange(client, entries, options)

  const phases: ChangePhase[] = []
  if (crds.length > 0)
    phases.push({
      name: 'apply CRDs',
      apply: () => applyObjects(kubectl, client, crds, options, 'crds')
    })
  if (rest.length > 0)
    phases.push({
      name: 'apply objects',
      apply: async () => {
        if (crds.length > 0) {
          // The CRDs are Established now: their kinds can be looked up, and their objects placed.
          client.refreshDiscovery()
          await resolveNamespaces(
            client,
            rest.filter(entry => newKinds.has(groupKind(entry.object))),
            options.namespace
          )
        }
        return applyObjects(kubectl, client, rest, options, 'objects')
      }
    })
  return { phases, ...validated }
}

/**
 * Validates every object before anything changes, so that bad input leaves the cluster as it was;
 * validationTargets says which check each object gets. The local schema checks run first: they are
 * cheap and need no request. The server's dry-run answers, with the live objects, make the preview.
 */
async function validateBeforeChange(
  client: ClusterClient,
  entries: ManifestObject[],
  options: ApplyOptions
): Promise<Pick<ApplyPlan, 'checked' | 'schemaChecked' | 'preview'>> {
  const missing = await missingNamespaces(client, entries)
  const standIn =
    missing.size > 0 ? await standInNamespace(client, options.namespace, missing) : options.namespace
  const targets = validationTargets(entries, missing, standIn)
  const serverChecks: ServerCheck[] = []
  let schemaChecked = 0
  for (const target of targets) {
    if (target.check === 'schema') {
      checkAgainstCrd(target.entry, target.crd, options)
      schemaChecked++
    } else
      serverChecks.push({
        entry: target.entry,
        standIn: target.check === 'stand-in' ? target.standIn : undefined
      })
  }
  const answers = new Map<ManifestObject, WriteResult>()
  const checked = await checkOnServer(client, serverChecks, answers)
  return { checked, schemaChecked, preview: await applyPreview(client, targets, answers) }
}

async function writeObjects(entries: ManifestObject[], options: ApplyOptions, name: string): Promise<string> {
  const file = path.join(options.workDir, `${name}.yaml`)
  await writeFile(file, entries.map(entry => stringify(entry.object)).join('---\n'), { mode: 0o600 })
  return file
}

/**
 * kubectl computes a client-side apply object by object and is CPU-bound on large sets: objects that
 * may be applied at once are split over one kubectl per core (small sets keep a single process).
 */
function chunks<T>(entries: T[]): T[][] {
  const count = Math.max(1, Math.min(availableParallelism(), Math.floor(entries.length / MIN_CHUNK)))
  const size = Math.ceil(entries.length / count)
  const result: T[][] = []
  for (let start = 0; start < entries.length; start += size) result.push(entries.slice(start, start + size))
  return result
}

/**
 * Applies a phase's objects: server-side in-process (serverSideApply), or client-side with kubectl
 * when the run asks for it, Secrets always server-side (see applyRuns). Runs keep the set's order.
 */
async function applyObjects(
  kubectl: Kubectl,
  client: ClusterClient,
  entries: ManifestObject[],
  options: ApplyOptions,
  name: string
): Promise<Change[]> {
  const changes: Change[] = []
  for (const [index, run] of applyRuns(entries, options).entries()) {
    try {
      changes.push(
        ...(run.options.serverSide
          ? await serverSideApply(client, run.entries, { forceConflicts: options.forceConflicts })
          : await applyClientSide(
              kubectl,
              client,
              run.entries,
              options,
              index === 0 ? name : `${name}-${index}`
            ))
      )
    } catch (error) {
      if (error instanceof PartialChangeError)
        throw new PartialChangeError(error.message, [...changes, ...error.changes])
      throw error
    }
  }
  return changes
}

async function applyClientSide(
  kubectl: Kubectl,
  client: ClusterClient,
  entries: ManifestObject[],
  options: ApplyOptions,
  name: string
): Promise<Change[]> {
  // kubectl applies a file in order, so a set small enough for one process goes in one call; larger
  // sets are split over processes, level by level, so that order still holds between levels.
  if (entries.length < 2 * MIN_CHUNK) return applyChunk(kubectl, client, entries, options, name)
  const changes: Change[] = []
  for (const [level, objects] of applyLevels(entries).entries()) {
    const results = await Promise.allSettled(
      chunks(objects).map((chunk, index) =>
        applyChunk(kubectl, client, chunk, options, `${name}-${level}-${index}`)
      )
    )
    // Chunks run side by side: when one fails, what the others changed is still part of the change.
    for (const result of results) {
      if (result.status === 'fulfilled') changes.push(...result.value)
      else if (result.reason instanceof PartialChangeError) changes.push(...result.reason.changes)
    }
    const failure = results.find(result => result.status === 'rejected')
    if (failure) throw new PartialChangeError(errorMessage(failure.reason), changes)
  }
  return changes
}

/**
 * Client-side apply stores the whole object in its `last-applied-configuration` annotation, where a
 * Secret's `stringData` would sit in clear text for anyone who may read the Secret's metadata: Secrets
 * are always applied server-side, which keeps no such copy (and removes one an earlier client-side
 * apply left, see field-ownership.ts). Runs of the same mode keep the set's order.
 */
export function applyRuns(
  entries: ManifestObject[],
  options: ApplyOptions
): { entries: ManifestObject[]; options: ApplyOptions }[] {
  const runs: { entries: ManifestObject[]; options: ApplyOptions }[] = []
  for (const entry of entries) {
    const serverSide = options.serverSide || isSecret(entry.object)
    const last = runs[runs.length - 1]
    if (last?.options.serverSide === serverSide) last.entries.push(entry)
    else runs.push({ entries: [entry], options: { ...options, serverSide } })
  }
  return runs
}

function isSecret(object: KubeObject): boolean {
  return object.kind === 'Secret' && object.apiVersion === 'v1'
}

async function applyChunk(
  kubectl: Kubectl,
  client: ClusterClient,
  entries: ManifestObject[],
  options: ApplyOptions,
  name: string
): Promise<Change[]> {
  const before = await readLiveObjects(
    client,
    entries.map(entry => entry.object)
  )
  const sources = new Map(
    entries.map(entry => [refKey(toRef(entry.object)), `${entry.source}:${entry.line}`])
  )
  const sourceOf = (object: KubeObject): string | undefined => sources.get(refKey(toRef(object)))
  const after: KubeObject[] = []
  try {
    const file = await writeObjects(entries, options, name)
    after.push(...itemsOf(await kubectl.json<KubeObject>(['apply', '-f', file])))
  } catch (error) {
    // kubectl may have applied some objects before it stopped: the server says which.
    const now = await readLiveObjects(
      client,
      entries.map(entry => entry.object)
    ).catch(() => [])
    const changed = diffChanges(before, now, sourceOf).filter(change => change.action !== 'unchanged')
    logChanges(changed)
    throw new PartialChangeError(errorMessage(error), changed)
  }
  const changes = diffChanges(before, after, sourceOf)
  logChanges(changes)
  return changes
}
