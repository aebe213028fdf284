import * as core from '@actions/core'
import * as os from 'node:os'
import type { ClusterClient } from './cluster/client.js'
import { openClusterConnection, writeClusterAccess, type ClusterConnection } from './cluster/connection.js'
import { isRemoval, PartialChangeError, type Change, type ChangePhase } from './deploy/change-set.js'
import type { ChangePlan, CommandStrategy } from './deploy/strategies/command-strategy.js'
import { commandStrategy } from './deploy/strategies/strategy-factory.js'
import { supersededSpecs } from './deploy/applied-spec.js'
import type { Settings } from './inputs.js'
import { displayName, refKey, type ObjectRef } from './kube-object.js'
import { collectEvidence, logEvidence } from './report/evidence.js'
import { logPreview } from './report/preview-log.js'
import { buildRows, type RolloutReport } from './report/rollout-report.js'
import type { Departure } from './rollout/departure.js'
import type { WaitResult } from './rollout/outcome.js'
import type { WaitUntil } from './rollout/rules/rule.js'
import { ProgressLog } from './rollout/progress.js'
import { waitForRollout } from './rollout/wait.js'
import { errorMessage } from './support/errors.js'
import { plural } from './support/plural.js'
import { oneLine } from './support/untrusted-text.js'
import { installKubectl } from './tool-installers/kubectl.js'

/** What the run needs from its surroundings; the runner's variables in production, temp folders in tests. */
export interface RunnerContext {
  tempDir: string
  workspace: string
  startedAt: number
}

export function runnerContext(startedAt = Date.now()): RunnerContext {
  return {
    tempDir: process.env.RUNNER_TEMP || os.tmpdir(),
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
    startedAt
  }
}

/**
 * Waits for targets (and the selector's pods, when given) until a deadline, as one rollout wait; the
 * departures among the targets (what the run deleted) until they are gone.
 */
export type RolloutWaiter = (
  targets: ObjectRef[],
  deadline: number,
  selector?: string,
  departures?: Departure[]
) => Promise<WaitResult>

/**
 * The whole step, in one direction: cluster access → the command's plan (nothing changed yet, what
 * it will change previewed; a dry run stops here) → its phases, each waited on before the next → the wait → evidence → undo. `timeout` is one deadline from
 * the first change to the verdict; a rollback gets a budget of its own.
 *
 * Fills `report` as it goes, so that when something throws (bad input, a refused change, a phase that
 * does not become ready, a rollback that fails) the report holds what was done until then and the
 * caller only adds the error. A rollout that fails or times out is not an exception but a verdict.
 */
export async function deploy(
  settings: Settings,
  context: RunnerContext,
  report: RolloutReport,
  /** Aborted when the job is cancelled: the wait ends, no evidence or rollback is started. */
  cancelled: AbortSignal = new AbortController().signal
): Promise<void> {
  report.command = settings.command
  // `status` changes nothing anyway: with `dry-run` it still reads and waits as always.
  const dryRun = settings.dryRun && settings.command !== 'status'
  report.dryRun = dryRun
  const access = await writeClusterAccess(settings, context.tempDir)
  report.server = access.server
  report.namespace = access.namespace
  // kubectl is fetched (or found in the tool cache) and its digest checked only when a command first
  // needs it: kustomize, client-side apply, patch, `command: kubectl`. A server-side apply and the
  // wait talk to the API server directly and never wait for tens of MB to be hashed.
  let kubectlReady: Promise<string> | undefined
  const kubectlBinary = (): Promise<string> =>
    (kubectlReady ??= installKubectl(settings.tools).then(binary => {
      report.done.push(`kubectl ${settings.tools.kubectlVersion} ready`)
      return binary
    }))
  const cluster = openClusterConnection(access, kubectlBinary)
  // Like the kubectl children, the run's own changes stop: none not yet sent goes out.
  const refuse = (): void => cluster.client.refuseChanges('the run was cancelled')
  cancelled.addEventListener('abort', refuse, { once: true })
  try {
    const strategy = commandStrategy(settings.command, {
      settings,
      cluster,
      workspace: context.workspace,
      noteDone: line => report.done.push(line),
      noteCanary: canary => (report.canary = canary)
    })
    const plan = await strategy.plan()
    report.preview = plan.preview
    report.blueGreen = plan.blueGreen
    if (plan.preview) logPreview(plan.preview, dryRun)
    if (dryRun) {
      // The whole plan ran (every check, every dry run): the preview is the run's result.
      report.status = 'succeeded'
      report.done.push('dry run: stopped before the first change; nothing in the cluster changed')
      return
    }
    const wait = rolloutWaiter(cluster, settings, context, cancelled, plan.waitUntil ?? settings.wait.until)
    await new DeployRun(settings, context, cluster.client, wait, report, cancelled).carryOut(strategy, plan)
  } finally {
    cancelled.removeEventListener('abort', refuse)
    // Whatever is still in flight (a request to a server that stopped answering) ends here: once
    // the run has its verdict, nothing may keep the process from exiting.
    cluster.client.close()
  }
}

/**
 * One run of a planned command: its changes so far, its deadline, and the report it fills. The wait
 * comes in as a function, so the order of phases, waits and deadlines can be checked on its own.
 */
export class DeployRun {
  private readonly changes: Change[] = []
  private readonly timeoutMs: number
  private deadline?: number

  constructor(
    private readonly settings: Settings,
    private readonly context: RunnerContext,
    /** For the evidence (events and logs) and the check that the ready spec is this run's. */
    private readonly client: ClusterClient,
    private readonly wait: RolloutWaiter,
    private readonly report: RolloutReport,
    private readonly cancelled: AbortSignal = new AbortController().signal
  ) {
    this.timeoutMs = settings.wait.timeoutSeconds * 1000
  }

  async carryOut(strategy: CommandStrategy, plan: ChangePlan): Promise<void> {
    for (const [index, phase] of plan.phases.entries()) {
      this.oneDeadline()
      const made = await this.applyPhase(phase)
      const next = plan.phases[index + 1]
      if (next) await this.waitBeforeNextPhase(phase, next, made)
    }

    const targets = uniqueRefs([...this.changes.map(change => change.ref), ...plan.observed])
    this.report.rows = buildRows(this.changes, targets, undefined)
    // (`command: delete` chose its objects with the selector: there are no pods to wait for)
    const selector = plan.selectorChoosesObjects ? undefined : this.settings.wait.selector
    const shouldWait = this.settings.wait.enabled || plan.alwaysWait
    if (!shouldWait || (targets.length === 0 && !selector)) {
      this.report.status = 'succeeded'
      await strategy.afterSuccess?.()
      return
    }

    const deadline = this.oneDeadline()
    this.report.waitStartedAt = Date.now() - this.context.startedAt
    core.info(
      `waiting up to ${secondsUntil(deadline)}s for ${plural(targets.length, 'object')}${selector ? ` and pods matching "${selector}"` : ''}`
    )
    this.report.activity = 'the wait for the rollout'
    const result = await this.verdictOnOwnSpec(
      await this.wait(targets, deadline, selector, departuresOf(this.changes))
    )
    // (a cancelled wait leaves it: it says what the run was doing when it was cancelled)
    if (result.status !== 'cancelled') this.report.activity = undefined
    this.recordVerdict(targets, result)
    const ready = result.objects.filter(outcome => outcome.state === 'Current').length
    const seconds = ((Date.now() - this.context.startedAt) / 1000).toFixed(1)
    const counted =
      result.objects.length > 0 ? `: ${ready} of ${plural(result.objects.length, 'object')} ready` : ''
    core.info(`rollout ${result.status} after ${seconds}s${counted}`)
    if (result.status === 'succeeded') await strategy.afterSuccess?.()
    // `status` is a report: every object as it stands, the ready ones too (the progress log is quiet about those).
    if (plan.alwaysWait) for (const outcome of result.objects) core.info(standing(outcome))
    if (result.status === 'succeeded' || result.status === 'cancelled') return

    await this.recordEvidence(result)
    if (this.settings.rollbackOnFailure && !this.cancelled.aborted) await this.rollBack(strategy)
  }

  /**
   * A success is only this run's when the pods that became ready run the spec it applied: a workload
   * another writer changed meanwhile turns the verdict into a failure that names the conflict.
   */
  private async verdictOnOwnSpec(result: WaitResult): Promise<WaitResult> {
    if (result.status !== 'succeeded') return result
    const superseded = await supersededSpecs(this.client, this.changes)
    return superseded.length === 0 ? result : { ...result, status: 'failed', problems: superseded }
  }

  /**
   * `timeout` bounds everything from the first change to the verdict: the deadline is set the first
   * time it is asked for (when the first change starts, or the wait of a command that changes
   * nothing) and every wait after that shares it.
   */
  private oneDeadline(): number {
    this.deadline ??= Date.now() + this.timeoutMs
    return this.deadline
  }

  /** Applies one phase and adds what it changed to the report, even when it stopped part way. */
  private async applyPhase(phase: ChangePhase): Promise<Change[]> {
    if (this.cancelled.aborted) throw new Error(`${phase.name} did not start: the run was cancelled`)
    this.report.activity = phase.name
    try {
      const made = await phase.apply()
      this.report.activity = undefined
      this.recordChanges(made)
      this.report.done.push(`${phase.name}: ${tally(made)}`)
      return made
    } catch (error) {
      if (error instanceof PartialChangeError) this.recordChanges(error.changes)
      throw error
    }
  }

  /**
   * The next phase needs what this one changed to be ready (custom resources need their CRD
   * Established), within the run's one deadline. The selector's pods belong to what comes later.
   */
  private async waitBeforeNextPhase(phase: ChangePhase, next: ChangePhase, made: Change[]): Promise<void> {
    const result = await this.wait(
      made.map(change => change.ref),
      this.oneDeadline(),
      undefined,
      departuresOf(made)
    )
    if (result.status === 'succeeded') {
      const removed = made.length > 0 && made.every(change => isRemoval(change.action))
      this.report.done.push(`${phase.name}: ${removed ? 'gone' : 'ready'}`)
      return
    }
    if (result.status === 'cancelled') throw new Error(`the run was cancelled, so ${next.name} did not run`)
    this.recordVerdict(
      this.changes.map(change => change.ref),
      result
    )
    await this.recordEvidence(result)
    // The problems themselves are the verdict's, already in the report.
    const why = result.status === 'timed-out' ? 'was not ready by the deadline' : 'failed'
    throw new Error(`${phase.name} ${why}, so ${next.name} did not run`)
  }

  /**
   * Puts back what the run changed, with a budget of its own as long as `timeout`, started now; its
   * duration is reported apart from the rollout's.
   */
  private async rollBack(strategy: CommandStrategy): Promise<void> {
    core.info('rolling back')
    const startedAt = Date.now()
    const deadline = startedAt + this.timeoutMs
    const durationSeconds = (): number => (Date.now() - startedAt) / 1000
    const undone = await strategy.undo(this.changes).catch((error: unknown) => {
      this.report.rollback = {
        status: 'failed',
        problems: [errorMessage(error)],
        restored: [],
        durationSeconds: durationSeconds()
      }
      throw new Error(`rollback: ${errorMessage(error)}`)
    })
    const removed = undone.removed ?? []
    if (undone.restored.length === 0 && removed.length === 0) {
      this.report.rollback = {
        status: undone.problems?.length ? 'failed' : 'not-needed',
        problems: undone.nothingToUndo ? [undone.nothingToUndo] : (undone.problems ?? []),
        restored: [],
        durationSeconds: durationSeconds()
      }
      return
    }
    const result = await this.wait(
      [...undone.restored, ...removed.map(departure => departure.ref)],
      deadline,
      this.settings.wait.selector,
      removed
    )
    this.report.rollback = {
      status: result.status,
      problems: [...(undone.problems ?? []), ...result.problems],
      restored: [...undone.restored.map(ref => `${displayName(ref)} restored`), ...(undone.said ?? [])],
      durationSeconds: durationSeconds()
    }
    core.info(`rollback ${result.status} after ${durationSeconds().toFixed(1)}s`)
  }

  private recordChanges(made: Change[]): void {
    this.changes.push(...made)
    this.report.rows = buildRows(
      this.changes,
      this.changes.map(change => change.ref),
      undefined
    )
  }

  private recordVerdict(targets: ObjectRef[], result: WaitResult): void {
    this.report.status = result.status
    this.report.rows = buildRows(this.changes, targets, result)
    this.report.selector = result.selector
    this.report.problems = result.problems
  }

  /** What explains a verdict that is not a success: logged in a collapsed group, kept for the summary. */
  private async recordEvidence(result: WaitResult): Promise<void> {
    if (this.cancelled.aborted) return
    const blocks = await collectEvidence(this.client, result)
    this.report.evidence.push(...blocks)
    logEvidence(blocks)
  }
}

function rolloutWaiter(
  cluster: ClusterConnection,
  settings: Settings,
  context: RunnerContext,
  cancelled: AbortSignal,
  waitUntil: WaitUntil
): RolloutWaiter {
  // One progress log for every wait of the run: one timeline, and an object already ready stays quiet.
  const progress = new ProgressLog(context.startedAt)
  return (targets, deadline, selector, departures) =>
    waitForRollout(cluster.client, {
      targets,
      departures,
      selector,
      namespace: cluster.namespace,
      deadline,
      failFast: settings.wait.failFast,
      rules: {
        readyConditions: settings.wait.readyConditions,
        failureConditions: settings.wait.failureConditions
      },
      waitUntil,
      startedAt: context.startedAt,
      progress,
      signal: cancelled
    })
}

/**
 * What the run removed: waited on until gone, a namesake created since not mistaken for it. An object
 * the run removed and then applied again (a blue-green color starting afresh) is waited on as the new one.
 */
function departuresOf(changes: Change[]): Departure[] {
  const last = new Map(changes.map(change => [refKey(change.ref), change]))
  return changes
    .filter(change => isRemoval(change.action) && last.get(refKey(change.ref)) === change)
    .map(change => ({ ref: change.ref, uid: change.previous?.metadata.uid }))
}

/** Each object once, in the order first met. */
function uniqueRefs(refs: ObjectRef[]): ObjectRef[] {
  return [...new Map(refs.map(ref => [refKey(ref), ref])).values()]
}

/** `2 created, 1 configured`; a command whose changes are not tracked (kubectl) just `done`. */
function tally(changes: Change[]): string {
  if (changes.length === 0) return 'done'
  const counts = new Map<string, number>()
  for (const change of changes) counts.set(change.action, (counts.get(change.action) ?? 0) + 1)
  return [...counts].map(([action, count]) => `${count} ${action}`).join(', ')
}

/** `rollout/web: ready: Healthy; …`, on one line: messages come from controllers and tenants. */
function standing(outcome: { ref: ObjectRef; state: string; message: string }): string {
  const state = outcome.state === 'Current' ? 'ready' : outcome.state === 'Failed' ? 'FAILED' : 'not ready'
  return `${displayName(outcome.ref)}: ${state}: ${oneLine(outcome.message)}`
}

function secondsUntil(deadline: number): number {
  return Math.max(0, Math.round((deadline - Date.now()) / 1000))
}
