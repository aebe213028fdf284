import * as core from '@actions/core'
import { Inputs } from '../../constants.js'
import { InputError } from '../../support/errors.js'
import { displayName, toRef, type KubeObject, type ObjectRef } from '../../kube-object.js'
import { planApply } from '../apply.js'
import { promotedManifest } from '../canary/canary-deployment.js'
import { checkCanaryDelete, deleteCanary, findCanary, rejectedLine } from '../canary/canary-removal.js'
import type { ChangePhase } from '../change-set.js'
import { readTarget } from '../target-kinds.js'
import type { ChangePlan, CommandStrategy, StrategyContext, UndoResult } from './command-strategy.js'
import { undoByPreviousSpecs } from './undo-previous-specs.js'

export type ReleaseVerb = 'promote' | 'reject'

/**
 * A new version waiting beside a live Deployment for its verdict, and how each verdict is carried
 * out. A canary is one; a blue-green preview would be another: one more finder in RELEASE_FINDERS.
 */
interface PendingRelease {
  promote(): Promise<ChangePlan>
  reject(): Promise<ChangePlan>
  undo(verb: ReleaseVerb, changes: Parameters<CommandStrategy['undo']>[0]): Promise<UndoResult>
}

type ReleaseFinder = (
  context: StrategyContext,
  ref: ObjectRef,
  live: KubeObject
) => Promise<PendingRelease | undefined>

/** What may stand beside a live Deployment, asked in order: the first found decides. */
const RELEASE_FINDERS: ReleaseFinder[] = [canaryBeside]

/**
 * `command: promote` or `reject` on `deployment/<name>`: chosen by what stands beside it in the
 * cluster. Nothing there is no error (the command is idempotent): it says so and waits for the
 * live Deployment all the same.
 */
export function deploymentReleaseStrategy(
  context: StrategyContext,
  ref: ObjectRef,
  verb: ReleaseVerb
): CommandStrategy {
  if (context.settings.promoteFull)
    throw new InputError(
      Inputs.PromoteFull,
      'applies to Argo Rollouts; a canary of a Deployment is promoted whole'
    )
  const note = (line: string): void => {
    core.info(line)
    context.noteDone(line)
  }
  let pending: PendingRelease | undefined
  return {
    async plan() {
      const live = await readTarget(context.cluster.client, ref)
      for (const find of RELEASE_FINDERS) {
        pending = await find(context, ref, live)
        if (pending) break
      }
      if (!pending) {
        note(`no canary of ${displayName(ref)}: nothing to ${verb}`)
        return { phases: [], observed: [ref], alwaysWait: false }
      }
      return verb === 'promote' ? pending.promote() : pending.reject()
    },
    undo: changes =>
      pending
        ? pending.undo(verb, changes)
        : Promise.resolve({ restored: [], nothingToUndo: `nothing was there to ${verb}` })
  }
}

/** The canary `strategy: canary` made of the live Deployment, when it is there. */
async function canaryBeside(
  context: StrategyContext,
  ref: ObjectRef,
  live: KubeObject
): Promise<PendingRelease | undefined> {
  const { cluster, settings, noteDone } = context
  const canary = await findCanary(cluster.client, ref)
  if (!canary) return undefined
  const canaryRef = { ...toRef(canary), namespace: ref.namespace }
  const note = { stable: ref, canary: canaryRef }
  const deletion = (verb: ReleaseVerb): ChangePhase => ({
    name: `delete ${displayName(canaryRef)}`,
    apply: async () => {
      const made = await deleteCanary(cluster.client, canary, verb)
      context.noteCanary?.({ ...note, state: verb === 'promote' ? 'promoted' : 'rejected' })
      const line =
        verb === 'promote' ? `canary promoted: ${displayName(ref)} runs its version` : rejectedLine(canaryRef)
      core.info(line)
      noteDone(line)
      return made
    }
  })
  const deletionPreview = {
    ref: canaryRef,
    action: 'deleted' as const,
    source: `canary ${displayName(canaryRef)}`
  }
  const dryRunDelete = async (): Promise<void> => {
    await checkCanaryDelete(cluster.client, canary)
    noteDone(`dry run, not sent: the delete of ${displayName(canaryRef)}`)
  }
  return {
    async promote() {
      // The live Deployment becomes what a rolling apply of the canary's manifest would make it,
      // with its own replicas; the canary goes once it is ready.
      const applied = await planApply(
        cluster.kubectl,
        cluster.client,
        [{ object: promotedManifest(canary, live), source: displayName(canaryRef), line: 1 }],
        {
          namespace: ref.namespace ?? cluster.namespace,
          serverSide: true,
          forceConflicts: settings.apply.forceConflicts,
          workDir: cluster.workDir
        }
      )
      noteDone(`the promotion of ${displayName(ref)} validated on the server`)
      if (settings.dryRun) await dryRunDelete()
      const phases = applied.phases.map(phase => ({ ...phase, name: `promote ${displayName(ref)}` }))
      return {
        phases: [...phases, deletion('promote')],
        observed: [],
        alwaysWait: false,
        preview: [...applied.preview, deletionPreview]
      }
    },
    async reject() {
      if (settings.dryRun) await dryRunDelete()
      return { phases: [deletion('reject')], observed: [ref], alwaysWait: false, preview: [deletionPreview] }
    },
    undo: (verb, changes) =>
      verb === 'promote'
        ? undoByPreviousSpecs(cluster, changes)
        : Promise.resolve({
            restored: [],
            nothingToUndo: 'a rejection has nothing to undo: deploy the canary again'
          })
  }
}
