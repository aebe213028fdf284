import type { CanaryNote } from '../deploy/canary/canary-release.js'
import type { Change } from '../deploy/change-set.js'
import type { PlannedChange } from '../deploy/planned-change.js'
import { displayName, refKey, type ObjectRef } from '../kube-object.js'
import type { SelectorOutcome, WaitResult, WaitStatus } from '../rollout/outcome.js'
import { plural } from '../support/plural.js'

/** Everything the outputs and the job summary show: plain data, built once from the change set and the wait. */
export interface RolloutReport {
  status: WaitStatus
  command: string
  server: string
  namespace: string
  durationSeconds: number
  /** Milliseconds from the step's start to the start of the wait. */
  waitStartedAt?: number
  rows: ReportRow[]
  selector?: SelectorOutcome
  problems: string[]
  /** Evidence gathered on failure, as preformatted text blocks. */
  evidence: { title: string; text: string }[]
  /**
   * What the step did, in order, one line each ("kubectl v1.33.13 installed", "5 objects validated on
   * the server", ...): with `error`, it tells what had happened before the step stopped.
   */
  done: string[]
  /** Set when the step stopped before it reached a verdict (bad input, refused change, ...). */
  error?: string
  /** What the step is doing now (`apply objects`, `waiting for the rollout`): a cancelled run says it. */
  activity?: string
  /** What the command changes, object by object, computed before any change (absent without one). */
  preview?: PlannedChange[]
  /** `dry-run: true`: the run stopped after the preview; nothing in the cluster changed. */
  dryRun?: boolean
  /** What a blue-green command did to its Deployment, and its colors (the `blue-green` output, once it succeeded). */
  blueGreen?: { outcome: 'deployed' | 'promoted' | 'rejected'; line: string }
  /** A Deployment's canary the step deployed, promoted or rejected: the `canary` output and its section. */
  canary?: CanaryNote
  /** A rollback has its own deadline and its own duration, reported apart from the rollout's. */
  rollback?: {
    status: WaitStatus | 'not-needed'
    problems: string[]
    restored: string[]
    durationSeconds?: number
  }
}

/**
 * The report before anything has happened. The run adds to it step by step, so that when something
 * throws, what was done until then is still there to report. The status says `failed` until a
 * verdict replaces it: a run that stops before one has failed.
 */
export function startReport(): RolloutReport {
  return {
    status: 'failed',
    command: '',
    server: '',
    namespace: '',
    durationSeconds: 0,
    rows: [],
    problems: [],
    evidence: [],
    done: []
  }
}

/** `deployed`, `promoted` or `rejected` once the step succeeded; a dry run or a failed run did none of them. */
export function blueGreenOutput(report: RolloutReport): string {
  return report.status === 'succeeded' && !report.dryRun ? (report.blueGreen?.outcome ?? '') : ''
}

/** The one line the step fails with, or undefined when it succeeded: the verdict first, then the error. */
export function failureMessage(report: RolloutReport): string | undefined {
  // A cancelled run says so, and what it was doing (the run's own error is a consequence).
  if (report.status === 'cancelled') return report.error ?? 'cancelled'
  const verdict =
    report.status === 'succeeded' || (report.error && report.problems.length === 0)
      ? undefined
      : `rollout ${report.status}: ${report.problems[0] ?? 'see the job summary'}`
  const parts = [verdict, report.error].filter((part): part is string => Boolean(part))
  return parts.length > 0 ? parts.join('; ') : undefined
}

/**
 * What a cancelled run says: the signal, what it was doing, and what it had changed by then (the
 * rows hold every change recorded, a phase stopped part way included).
 */
export function cancelledMessage(report: RolloutReport, signal: string): string {
  const changed = report.rows.filter(row =>
    ['created', 'configured', 'pruned', 'deleted'].includes(row.action)
  )
  const shown = changed.slice(0, 3).map(row => `${displayName(row.ref)} ${row.action}`)
  if (changed.length > shown.length) shown.push(`${changed.length - shown.length} more`)
  const doing = report.activity ? ` during ${report.activity}` : ''
  const what =
    changed.length === 0
      ? 'it had changed nothing'
      : `it had changed ${plural(changed.length, 'object')}: ${shown.join(', ')}`
  return `cancelled (${signal})${doing}; ${what}`
}

export interface ReportRow {
  ref: ObjectRef
  action: Change['action'] | 'observed'
  status: 'ready' | 'failed' | 'in-progress' | 'not-waited'
  message: string
  replicas?: string
  images?: Record<string, string>
  settledAt?: number
}

const STATUS_BY_STATE = { Current: 'ready', Failed: 'failed', InProgress: 'in-progress' } as const

/** Joins what was changed with what the wait saw of it. Objects only observed (status command) count too. */
export function buildRows(changes: Change[], refs: ObjectRef[], wait: WaitResult | undefined): ReportRow[] {
  const outcomes = new Map((wait?.objects ?? []).map(outcome => [refKey(outcome.ref), outcome]))
  const actions = new Map(changes.map(change => [refKey(change.ref), change.action]))
  return refs.map(ref => {
    const outcome = outcomes.get(refKey(ref))
    return {
      ref,
      action: actions.get(refKey(ref)) ?? 'observed',
      status: outcome ? STATUS_BY_STATE[outcome.state] : 'not-waited',
      message: outcome?.message ?? '',
      replicas: outcome?.replicas,
      images: outcome?.images,
      settledAt: outcome?.settledAt
    }
  })
}

/** The `resources` output: one entry per object, no secrets (objects' data are never included). */
export function resourcesOutput(rows: ReportRow[]): string {
  return JSON.stringify(
    rows.map(row => ({
      kind: row.ref.kind,
      namespace: row.ref.namespace ?? '',
      name: row.ref.name,
      action: row.action,
      status: row.status,
      message: row.message
    }))
  )
}

/** The `images` output: `kind/name` → container → image actually running. */
export function imagesOutput(
  rows: ReportRow[],
  selected: Record<string, Record<string, string>> = {}
): string {
  // Pods found by the selector add their workloads; what the change set says about a workload wins.
  const images: Record<string, Record<string, string>> = { ...selected }
  for (const row of rows)
    if (row.images && Object.keys(row.images).length > 0) images[displayName(row.ref)] = row.images
  return JSON.stringify(images)
}
