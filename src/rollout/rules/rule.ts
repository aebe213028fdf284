import type { KubeObject } from '../../kube-object.js'

/** Where an object stands: still moving, done, or done badly (no point waiting further). */
export type RolloutState = 'InProgress' | 'Current' | 'Failed'

export interface RuleResult {
  state: RolloutState
  message: string
}

export interface RuleContext {
  /** `Kind.group` → condition type the user says means ready (the `ready-conditions` input). */
  readyConditions: Record<string, string>
  /** `Kind.group` of custom kinds whose CRD has a status subresource: a controller will report on them. */
  reportingKinds?: Set<string>
}

/** A readiness rule for one kind: pure, from the live object alone. */
export type StatusRule = (object: KubeObject, context: RuleContext) => RuleResult

export const inProgress = (message: string): RuleResult => ({ state: 'InProgress', message })
export const current = (message: string): RuleResult => ({ state: 'Current', message })
export const failed = (message: string): RuleResult => ({ state: 'Failed', message })

/** Checked before anything else, as kstatus and kapp do: a status not yet written for this spec says nothing. */
export function notObserved(object: KubeObject): RuleResult | undefined {
  const generation = object.metadata.generation
  const observed = object.status?.observedGeneration as number | undefined
  if (generation !== undefined && (observed === undefined || observed < generation)) {
    return inProgress(`waiting for the controller to observe generation ${generation}`)
  }
  return undefined
}

export function numberAt(status: Record<string, unknown> | undefined, field: string): number {
  const value = status?.[field]
  return typeof value === 'number' ? value : 0
}
