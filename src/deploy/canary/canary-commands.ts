import * as core from '@actions/core'
import { Inputs } from '../../constants.js'
import { InputError } from '../../support/errors.js'
import { displayName, toRef, type KubeObject, type ObjectRef } from '../../kube-object.js'
import { planApply } from '../apply.js'
import { promotedManifest } from './canary-deployment.js'
import { checkCanaryDelete, deleteCanary, findCanary, rejectedLine } from './canary-removal.js'
import type { ChangePhase } from '../change-set.js'
import type {
  ChangePlan,
  CommandStrategy,
  StrategyContext,
  UndoResult
} from '../strategies/command-strategy.js'
import { undoByPreviousSpecs } from '../strategies/undo-previous-specs.js'

/** `promote` or `reject`, as `deployment-command.ts` names them. */
type ReleaseVerb = 'promote' | 'reject'

/**
 * `promote` or `reject` of `deployment/<name>` when that Deployment runs as a plain Deployment (not
 * blue-green colors): with its canary there, the verdict is carried out; without one the command is
 * done already (idempotent), says so, and waits for the live Deployment. Undefined when no
 * `deployment/<name>` exists, so that another kind (or the "nothing to promote" error) decides.
 */
export async function canaryCommand(
  context: StrategyContext,
  ref: ObjectRef,
  verb: ReleaseVerb
): Promise<CommandStrategy | undefined> {
  const live = await context.cluster.client.get(ref)
  if (!live) return undefined
  if (context.settings.promoteFull)
    throw new InputError(
      Inputs.PromoteFull,
      'applies to Argo Rollouts; a canary of a Deployment is promoted whole'
    )
  const pending = await canaryBeside(context, ref, live)
  if (pending)
    return {
      plan: () => (verb === 'promote' ? pending.promote() : pending.reject()),
      undo: changes => pending.undo(verb, changes)
    }
  const line = `no canary of ${displayName(ref)}: nothing to ${verb}`
  return {
    plan: () => {
      core.info(line)
      context.noteDone(line)
      return Promise.resolve({ phases: [], observed: [ref], alwaysWait: false })
    },
    undo: () => Promise.resolve({ restored: [], nothingToUndo: `nothing was there to ${verb}` })
  }
}

/** The verdicts on a canary beside its live Deployment. */
interface PendingRelease {
  promote(): Promise<ChangePlan>
  reject(): Promise<ChangePlan>
  undo(verb: ReleaseVerb, changes: Parameters<CommandStrategy['undo']>[0]): Promise<UndoResult>
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
