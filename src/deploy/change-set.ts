import * as core from '@actions/core'
import { displayName, refKey, toRef, type KubeObject, type ObjectRef } from '../kube-object.js'

/**
 * What the run did to an object. `pruned` and `deleted` objects are waited on until gone; `already
 * gone` is an object `command: delete` found absent (no error: what it asks for is the case).
 */
export type ChangeAction = 'created' | 'configured' | 'unchanged' | 'pruned' | 'deleted' | 'already gone'

const REMOVALS: ReadonlySet<ChangeAction> = new Set(['pruned', 'deleted', 'already gone'])

/** Whether the change removed the object (or found it removed): its wait is for it to be gone. */
export function isRemoval(action: ChangeAction): boolean {
  return REMOVALS.has(action)
}

/** One object the run touched: what it did to it, and what was there before (for rollback). */
export interface Change {
  ref: ObjectRef
  action: ChangeAction
  /** Where the object came from: `file:line`, `helm release web`, `patch`. */
  source?: string
  /** The live object before the change; absent when the change created it. */
  previous?: KubeObject
  /** The object as the server stored it after this run's write, when the write answered with it. */
  applied?: KubeObject
}

/**
 * One step of a change: what it applies together. A command's phases go one after the other, each
 * once what the previous one changed is ready (CRDs Established before their custom resources).
 */
export interface ChangePhase {
  /** What the phase does, for the log and the report: `apply CRDs`, `patch deployment/web`. */
  name: string
  /** Changes the cluster; returns the objects touched, in the order they were changed. */
  apply(): Promise<Change[]>
}

/**
 * A change that stopped part way. It carries what had changed already (read back from the server),
 * so that the report still lists it.
 */
export class PartialChangeError extends Error {
  constructor(
    message: string,
    readonly changes: Change[]
  ) {
    super(message)
    this.name = 'PartialChangeError'
  }
}

type ListOrObject = KubeObject | { kind: string; items?: KubeObject[] }

/** kubectl prints one object bare and several as a List; this reads both. */
export function itemsOf(output: ListOrObject | null): KubeObject[] {
  if (!output) return []
  if ('items' in output && Array.isArray(output.items)) return output.items as KubeObject[]
  return [output as KubeObject]
}

/**
 * Decides created / configured / unchanged by comparing the live objects before and after: an object
 * absent before was created; a changed resourceVersion means the server stored a change. This works the
 * same for client-side and server-side apply, patch and helm, whose own outputs differ.
 */
export function diffChanges(
  before: KubeObject[],
  after: KubeObject[],
  sourceOf: (object: KubeObject) => string | undefined
): Change[] {
  const previous = new Map(before.map(object => [refKey(toRef(object)), object]))
  return after.map(object => {
    const old = previous.get(refKey(toRef(object)))
    const action: ChangeAction = !old
      ? 'created'
      : old.metadata.resourceVersion === object.metadata.resourceVersion
        ? 'unchanged'
        : 'configured'
    return { ref: toRef(object), action, source: sourceOf(object), previous: old }
  })
}

/** One log line per object touched, as kubectl prints them: `deployment/web configured`. */
export function logChanges(
  changes: Change[],
  verb: (change: Change) => string = change => change.action
): void {
  for (const change of changes) core.info(`${displayName(change.ref)} ${verb(change)}`)
}
