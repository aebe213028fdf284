import { toRef } from '../../kube-object.js'
import type { PlannedChange } from '../planned-change.js'
import { deleteObjects } from '../removal/deletion.js'
import { logAndNote, type CommandStrategy, type StrategyContext } from '../strategies/command-strategy.js'
import type { BlueGreenState } from './blue-green-state.js'
import { previewServiceName, serviceRef } from './colors.js'
import { previewBackToLive } from './color-switch.js'

/**
 * `reject` of a blue-green Deployment: the preview Service back on the live color, the pending color
 * deleted and waited on until gone (with its pods, under the `propagation` input). The live Service
 * never changes. Nothing pending: nothing to do.
 */
export function blueGreenRejection(context: StrategyContext, state: BlueGreenState): CommandStrategy {
  const { settings, cluster, noteDone } = context
  const note = logAndNote(noteDone)
  return {
    plan() {
      const { pending, live, name, namespace } = state
      if (!pending) {
        note(
          `nothing to reject: no blue-green preview of deployment/${name} is pending${live ? ` (${live} is live)` : ''}`
        )
        return Promise.resolve({ phases: [], observed: [], alwaysWait: false })
      }
      const doomed = toRef(pending.deployment)
      const previewRef = serviceRef(previewServiceName(state.service.metadata.name), namespace)
      const preview: PlannedChange[] = [
        ...(live ? [{ ref: previewRef, action: 'configured' as const, source: `${live} live` }] : []),
        { ref: doomed, action: 'deleted', source: `${pending.color} preview` }
      ]
      const plan = `reject ${pending.color}: deployment/${doomed.name} deleted${live ? `, service/${previewRef.name} back on the live ${live}` : ''}`
      note(settings.dryRun ? `dry run, not sent: ${plan}` : plan)
      const phase = {
        name: `reject deployment/${doomed.name}`,
        apply: async () => [
          ...(await previewBackToLive(cluster.client, state)),
          ...(await deleteObjects(
            cluster.client,
            [{ ref: doomed, source: `${pending.color} preview`, live: pending.deployment }],
            { propagation: settings.removal.propagation, action: 'deleted' }
          ))
        ]
      }
      const line = `${pending.color} rejected: deployment/${doomed.name} deleted${live ? `; service/${state.service.metadata.name} stays on ${live}` : ''}`
      const blueGreen = { outcome: 'rejected' as const, line }
      return Promise.resolve({ phases: [phase], observed: [], alwaysWait: false, preview, blueGreen })
    },
    undo: () =>
      Promise.resolve({
        restored: [],
        nothingToUndo: 'a rejected preview cannot be put back: deploy it again'
      })
  }
}
