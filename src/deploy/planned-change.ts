import type { ObjectRef } from '../kube-object.js'

/** What the run will do (or, with `dry-run`, would do) to one object. */
export type PlannedAction = 'created' | 'configured' | 'unchanged' | 'pruned' | 'deleted'

/**
 * One object of the diff preview, computed before anything changes: the live object against the
 * server's dry run of the new one. Shown in the summary's "Changes" section and the `diff` output.
 */
export interface PlannedChange {
  ref: ObjectRef
  action: PlannedAction
  /** `file:line` of the manifest that declares it; absent for what is pruned or rendered by a tool. */
  source?: string
  /** Unified diff of the object's YAML, live → new, volatile fields stripped and Secret data hidden. */
  diff?: string
}
