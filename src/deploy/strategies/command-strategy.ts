import * as core from '@actions/core'
import type { ClusterConnection } from '../../cluster/connection.js'
import type { Settings } from '../../inputs.js'
import type { ObjectRef } from '../../kube-object.js'
import type { Change, ChangePhase } from '../change-set.js'
import type { PlannedChange } from '../planned-change.js'
import type { Departure } from '../../rollout/departure.js'
import type { WaitUntil } from '../../rollout/rules/rule.js'
import type { CanaryNote } from '../canary/canary-release.js'

/**
 * How one `command` changes the cluster and how it puts it back: one object per command (as
 * setup-node has one installer per distribution), so that the run itself has no branch per command.
 */
export interface CommandStrategy {
  /**
   * Reads and checks everything the command will do, changing nothing (manifests read, validated on
   * the server, tools installed). The run applies the phases it returns, in order.
   */
  plan(): Promise<ChangePlan>
  /** Puts back what the phases changed, in the command's own terms. */
  undo(changes: Change[]): Promise<UndoResult>
  /**
   * Clean-up that must wait until the rollout succeeded (old versions of versioned ConfigMaps): a
   * failed one may still be rolled back to them. Never fails the run; notes what it did.
   */
  afterSuccess?(): Promise<void>
}

export interface ChangePlan {
  /** Applied one after the other, each once the previous one is ready. Empty when nothing changes. */
  phases: ChangePhase[]
  /** Objects to wait on that the command does not change (`status` reads them from the manifests). */
  observed: ObjectRef[]
  /** The wait is the command's whole result (`status`): it runs even with `wait: false`. */
  alwaysWait: boolean
  /** What counts as done for an Argo Rollout, when the command decides it (`abort`); else `wait-until`. */
  waitUntil?: WaitUntil
  /** What the phases will change, object by object, known before anything changed (the diff preview). */
  preview?: PlannedChange[]
  /** The `selector` input chose the objects (`command: delete`): it names no pods to wait for. */
  selectorChoosesObjects?: boolean
  /** What a blue-green command does to its Deployment, once it succeeds (output and summary). */
  blueGreen?: BlueGreenResult
}

export type BlueGreenOutcome = 'deployed' | 'promoted' | 'rejected'

/** A blue-green step's result: the `blue-green` output, and one line naming the colors for the summary. */
export interface BlueGreenResult {
  outcome: BlueGreenOutcome
  line: string
}

export interface UndoResult {
  /** What was put back, to be waited on. */
  restored: ObjectRef[]
  /** Why nothing was put back, when nothing was. */
  nothingToUndo?: string
  /** What could not be put back, and why (another writer changed it since). */
  problems?: string[]
  /** What the undo deleted (a rejected canary), to be waited on until gone. */
  removed?: Departure[]
  /** What the undo did, in its own words, for the report (`canary rejected: …`). */
  said?: string[]
}

/** What a strategy works with: the settings, the cluster, and where to note each step it finished. */
export interface StrategyContext {
  settings: Settings
  cluster: ClusterConnection
  /** Where relative manifest paths start. */
  workspace: string
  /** Notes one finished step for the report, e.g. `5 objects validated on the server`. */
  noteDone: (line: string) => void
  /** Records where a Deployment's canary stands (deployed, promoted, rejected) for the report. */
  noteCanary?: (canary: CanaryNote) => void
}

/** Says one finished step in the log as it happens, and notes it for the report's list of steps. */
export function logAndNote(noteDone: StrategyContext['noteDone']): (line: string) => void {
  return line => {
    core.info(line)
    noteDone(line)
  }
}
