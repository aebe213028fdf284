import { apiErrorCode, apiErrorMessage, ClusterApiError } from '../cluster/api-errors.js'
import * as core from '@actions/core'
import type { ClusterClient, WriteResult } from '../cluster/client.js'
import { mapConcurrent } from '../support/concurrency.js'
import { ManifestError } from '../support/errors.js'
import { toRef, type KubeObject } from '../kube-object.js'
import type { ManifestObject } from '../manifests/load.js'
import { REQUESTS_IN_FLIGHT } from '../cluster/http-transport.js'
import { FIELD_MANAGER } from './server-side-apply.js'

const CHECK_FIELD_MANAGER = 'kube-deploy-check'
/** The apiserver keeps at most this much of a generateName before its random suffix. */
const MAX_GENERATE_NAME = 58

/**
 * One object to dry-run. `standIn` is set for an object bound for a namespace that this apply creates
 * (so it does not exist yet): the object is dry-run in that existing namespace instead.
 */
export interface ServerCheck {
  entry: ManifestObject
  standIn?: string
}

type Verdict =
  | { valid: true; answer?: WriteResult }
  | { valid: false; message: string }
  | { valid: undefined; reason: string }

/**
 * Asks the server to validate every object before anything changes, several requests at a time.
 * Unknown fields, invalid values and immutable-field changes come back as errors naming the file and
 * line; nothing is stored. Returns how many objects the server judged. `answers`, when given, gets
 * the server's dry-run answer of each object dry-run where it goes: the object as the apply would
 * store it (and whether it would be created), which the diff preview compares with the live one.
 */
export async function checkOnServer(
  client: ClusterClient,
  checks: ServerCheck[],
  answers?: Map<ManifestObject, WriteResult>
): Promise<number> {
  const verdicts = await mapConcurrent(checks, REQUESTS_IN_FLIGHT, check =>
    check.standIn
      ? dryRunElsewhere(client, check.entry.object, check.standIn)
      : dryRunApply(client, check.entry)
  )
  checks.forEach((check, index) => {
    const verdict = verdicts[index]
    if (verdict.valid === false)
      throw new ManifestError(check.entry.source, check.entry.line, verdict.message)
    if (verdict.valid === undefined) core.info(`${describe(check.entry.object)}: ${verdict.reason}`)
    if (verdict.valid === true && verdict.answer) answers?.set(check.entry, verdict.answer)
  })
  return verdicts.filter(verdict => verdict.valid === true).length
}

/**
 * A server-side apply with dryRun=All and strict field validation, where the object goes. (kubectl's
 * own --dry-run=server computes each object on the client first and is several times slower on large
 * sets.) It is sent as the apply's own field manager, so that its answer is what the apply will store,
 * fields the manifests no longer declare removed; and with force, so that a conflict with another
 * manager is left to the apply itself (which names the fields, and `force-conflicts`): the answer is
 * what a forced apply would store.
 */
async function dryRunApply(client: ClusterClient, entry: ManifestObject): Promise<Verdict> {
  try {
    const answer = await client.apply(entry.object, {
      fieldManager: FIELD_MANAGER,
      dryRun: true,
      force: true
    })
    return { valid: true, answer }
  } catch (error) {
    return { valid: false, message: `rejected by the server: ${refusal(error)}` }
  }
}

/**
 * The dry run of an object whose namespace this apply creates: its namespace cannot hold even a dry
 * run yet, so the same object is dry-run created in `standIn`, a namespace that exists. The object
 * does not exist yet (its namespace does not), so creating is what the apply will do. Schema,
 * defaulting and strict field validation do not depend on the namespace, so they judge the object as
 * they will in its own. What such a check cannot see is what the new namespace itself decides:
 * admission there (ResourceQuota, LimitRange, the PodSecurity labels of the new Namespace, webhooks
 * that select it) may still refuse the object when it is really applied, as it would under kubectl.
 * For the same reason a refusal that is about the stand-in rather than the object (403 Forbidden:
 * RBAC or admission there; 404: the stand-in or a referenced object is missing) is no verdict: the
 * apply itself will tell.
 */
async function dryRunElsewhere(client: ClusterClient, object: KubeObject, standIn: string): Promise<Verdict> {
  const target = object.metadata.namespace ?? ''
  const collection = { ...toRef(object), namespace: standIn }
  const options = { fieldManager: CHECK_FIELD_MANAGER, dryRun: true }
  const create = (metadata: Record<string, unknown>): Promise<unknown> => {
    core.debug(`server check in namespace ${standIn} for ${target}: dry-run create`)
    return client.create(collection, { ...object, metadata: metadata as KubeObject['metadata'] }, options)
  }
  const placed = { ...object.metadata, namespace: standIn }
  let sentName = object.metadata.name
  let error = await create(placed).then(
    () => undefined,
    (refused: unknown) => refused
  )
  if (apiErrorCode(error) === 409) {
    // An object of that name already lives in the stand-in: let the server pick a free name of the
    // same shape, and put the real name back into what it says.
    const { name, ...rest } = placed
    error = await create({ ...rest, generateName: name.slice(0, MAX_GENERATE_NAME) }).then(
      () => undefined,
      (refused: unknown) => refused
    )
    sentName = (error instanceof ClusterApiError ? error.status?.details?.name : undefined) ?? name
  }
  const where = `(bound for namespace ${target}, which this apply creates; checked in namespace ${standIn})`
  if (error === undefined) return { valid: true }
  const message = refusal(error).split(sentName).join(object.metadata.name)
  const code = apiErrorCode(error)
  if (code === 403 || code === 404)
    return { valid: undefined, reason: `not judged by a dry run ${where}: ${message}` }
  return { valid: false, message: `rejected by the server ${where}: ${message}` }
}

/** A refusal's message; an error that is no answer of the server (unreachable, timed out) ends the check. */
function refusal(error: unknown): string {
  if (apiErrorCode(error) === undefined) throw error
  return apiErrorMessage(error)
}

function describe(object: KubeObject): string {
  const namespace = object.metadata.namespace ? ` in namespace ${object.metadata.namespace}` : ''
  return `${object.kind} ${object.metadata.name}${namespace}`
}
