import * as core from '@actions/core'
import { planManifests } from '../../manifests/plan.js'
import {
  describeVersion,
  versionConfigObjects,
  type ConfigVersion
} from '../../manifests/versioned-config.js'
import { plural } from '../../support/plural.js'
import { planApply } from '../apply.js'
import type { ManifestObject } from '../../manifests/load.js'
import { planBlueGreenDeploy, type BlueGreenDeploy } from '../blue-green/blue-green-deploy.js'
import { keepLiveReplicas } from '../live-replicas.js'
import { logPreview, Prune } from '../removal/prune.js'
import { trimVersionHistory } from '../version-history.js'
import { undoByPreviousSpecs } from './undo-previous-specs.js'
import { sharedConfigWarnings, turnIntoCanary, type CanaryRelease } from '../canary/canary-release.js'
import { undoCanary } from '../canary/canary-undo.js'
import type { ChangePhase } from '../change-set.js'
import { refKey, type KubeObject } from '../../kube-object.js'
import type { CommandStrategy, StrategyContext } from './command-strategy.js'

/**
 * `command: apply`: manifests read, checked on the server, then applied CRDs first; undone by previous
 * specs. `strategy: blue-green` applies the Deployment as a new color next to the live one;
 * `strategy: canary` applies it as `<name>-canary` beside the live one, which stays untouched.
 */
export function applyStrategy(context: StrategyContext): CommandStrategy {
  const { settings, cluster, workspace, noteDone } = context
  let versions: ConfigVersion[] = []
  let blueGreen: BlueGreenDeploy | undefined
  let canary: CanaryRelease | undefined
  let canaryObject: KubeObject | undefined
  return {
    async plan() {
      const declared = await planManifests(settings.apply, cluster.kubectl, workspace)
      noteDone(`${plural(declared.length, 'object')} read from the manifests`)
      // All three change what is sent, so all come before the server validates it.
      versions = versionConfigObjects(declared, cluster.namespace)
      for (const version of versions) core.info(describeVersion(version))
      if (versions.length > 0)
        noteDone(`${plural(versions.length, 'versioned ConfigMap/Secret')} named by content`)
      blueGreen =
        settings.strategy === 'blue-green' ? await planBlueGreenDeploy(context, declared) : undefined
      let entries = blueGreen?.entries ?? declared
      const capacity = await keepLiveReplicas(
        cluster.client,
        entries,
        cluster.namespace,
        settings.apply.serverSide
      )
      if (capacity.length > 0) noteDone(`live replicas kept for ${plural(capacity.length, 'workload')}`)
      if (settings.strategy === 'canary') {
        const turned = await turnIntoCanary(cluster.client, entries, {
          target: settings.target,
          replicas: settings.canaryReplicas,
          namespace: cluster.namespace
        })
        entries = turned.entries
        canary = turned.release
        canaryObject = turned.canary
        noteDone(
          `canary of deployment/${canary.live.name}: ${canary.canary.name} with ${plural(canary.replicas, 'replica')}`
        )
      }
      // After the renames (the set's members are the versions this run applies), and before the
      // server validates: the ApplySet label is part of what is checked and applied.
      const prune = await startPrune(context, entries)
      const plan = await planApply(cluster.kubectl, cluster.client, entries, {
        namespace: cluster.namespace,
        serverSide: settings.apply.serverSide,
        forceConflicts: settings.apply.forceConflicts,
        workDir: cluster.workDir
      })
      noteDone(`${plural(plan.checked, 'object')} validated on the server`)
      if (plan.schemaChecked > 0)
        noteDone(
          `${plural(plan.schemaChecked, 'custom resource')} checked against the schemas of CRDs in this apply`
        )
      if (blueGreen) {
        const phases = [...blueGreen.before, ...plan.phases, ...blueGreen.after]
        return {
          phases,
          observed: [],
          alwaysWait: false,
          preview: plan.preview,
          blueGreen: blueGreen.result
        }
      }
      if (canary) {
        if (canaryObject)
          for (const warning of sharedConfigWarnings(canaryObject, plan.preview)) core.warning(warning)
        const phases = noteCanaryDeployed(plan.phases, canary, context)
        return { phases, observed: [canary.live], alwaysWait: false, preview: plan.preview }
      }
      if (!prune) return { phases: plan.phases, observed: [], alwaysWait: false, preview: plan.preview }
      const pruned = await prune.preview()
      if (settings.dryRun) noteDone(`dry run: ${logPreview(pruned)}`)
      const phases = settings.dryRun ? plan.phases : prune.around(plan.phases, settings.removal.propagation)
      return { phases, observed: [], alwaysWait: false, preview: [...plan.preview, ...pruned] }
    },
    // A failed blue-green deploy or canary rejects itself; the live Deployment was never touched.
    undo: changes =>
      blueGreen
        ? blueGreen.undo()
        : canary
          ? undoCanary(cluster, canary, changes, context.noteCanary)
          : undoByPreviousSpecs(cluster, changes),
    async afterSuccess() {
      for (const line of await trimVersionHistory(cluster.client, versions)) noteDone(line)
    }
  }
}

/** The ApplySet of `prune: true`, read and its members labelled; undefined without prune. */
async function startPrune(context: StrategyContext, entries: ManifestObject[]): Promise<Prune | undefined> {
  const { settings, cluster, noteDone } = context
  const name = settings.removal.applySet
  if (!settings.removal.prune || !name) return undefined
  const prune = await Prune.start(cluster.client, name, cluster.namespace, entries)
  noteDone(`ApplySet ${name} read; ${entries.length} members labelled`)
  return prune
}

/** The canary counts as deployed once the phase that applies it is done (a dry run never gets there). */
function noteCanaryDeployed(
  phases: ChangePhase[],
  canary: CanaryRelease,
  context: StrategyContext
): ChangePhase[] {
  return phases.map(phase => ({
    ...phase,
    apply: async () => {
      const made = await phase.apply()
      if (made.some(change => refKey(change.ref) === refKey(canary.canary)))
        context.noteCanary?.({ state: 'deployed', stable: canary.live, canary: canary.canary })
      return made
    }
  }))
}
