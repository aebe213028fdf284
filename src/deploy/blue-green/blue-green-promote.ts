import * as core from '@actions/core'
import { setTimeout as sleep } from 'node:timers/promises'
import { Inputs } from '../../constants.js'
import { InputError } from '../../support/errors.js'
import type { Change, ChangePhase } from '../change-set.js'
import type { PlannedChange } from '../planned-change.js'
import { logAndNote, type CommandStrategy, type StrategyContext } from '../strategies/command-strategy.js'
import type { BlueGreenState } from './blue-green-state.js'
import { colorName, deploymentRef, serviceRef, specReplicas } from './colors.js'
import { scaleToZero, switchLiveService } from './color-switch.js'

/**
 * `promote` of a blue-green Deployment: the pending color is judged ready first (the run waits on it
 * like any rollout, failing fast), only then does the live Service switch to it; the old color keeps
 * its replicas for `scale-down-delay` (until every node routes to the new pods, as Argo Rollouts
 * waits `scaleDownDelaySeconds`), then is scaled to zero. Nothing pending: nothing to do, and it says
 * what is live.
 */
export function blueGreenPromotion(context: StrategyContext, state: BlueGreenState): CommandStrategy {
  const { settings, cluster, noteDone } = context
  const note = logAndNote(noteDone)
  return {
    plan() {
      const { pending, live, name, namespace } = state
      const service = state.service.metadata.name
      if (!pending) {
        note(
          `nothing to promote: no blue-green preview of deployment/${name} is pending${live ? ` (${live} is live)` : ''}`
        )
        return Promise.resolve({ phases: [], observed: [], alwaysWait: false })
      }
      const { color } = pending
      const newRef = deploymentRef(colorName(name, color), namespace)
      const old = live ? state.colors[live] : undefined
      const scaleDown = old && specReplicas(old) > 0 ? live : undefined
      const delay = settings.blueGreen.scaleDownDelaySeconds
      if (scaleDown && delay >= settings.wait.timeoutSeconds)
        throw new InputError(
          Inputs.ScaleDownDelay,
          `${delay}s is not shorter than \`timeout\` (${settings.wait.timeoutSeconds}s): the step would time out before ${colorName(name, scaleDown)} is scaled down`
        )
      const phases: ChangePhase[] = [
        {
          // What it returns is waited on before the switch: the judge's verdict on the new color.
          name: `check deployment/${newRef.name} is ready`,
          apply: () => Promise.resolve([{ ref: newRef, action: 'unchanged', source: `${color} preview` }])
        },
        {
          name: `switch service/${service} to ${color}`,
          apply: () => switchLiveService(cluster.client, state, color)
        }
      ]
      const preview: PlannedChange[] = [
        { ref: serviceRef(service, namespace), action: 'configured', source: `${color} live` }
      ]
      if (scaleDown) {
        const oldRef = deploymentRef(colorName(name, scaleDown), namespace)
        phases.push({
          name: `scale down deployment/${oldRef.name} after ${delay}s`,
          apply: async (): Promise<Change[]> => {
            core.info(`${oldRef.name} keeps its replicas for ${delay}s (scale-down-delay)`)
            await sleep(delay * 1000)
            return [await scaleToZero(cluster.client, state, scaleDown)]
          }
        })
        preview.push({ ref: oldRef, action: 'configured', source: `${scaleDown} scaled down` })
      }
      const plan = `promote ${color}: service/${service} switches to deployment/${newRef.name} once it is ready${scaleDown ? `; ${colorName(name, scaleDown)} scaled to zero ${delay}s later` : ''}`
      note(settings.dryRun ? `dry run, not sent: ${plan}` : plan)
      const line = `${color} is live: service/${service} selects deployment/${newRef.name}${scaleDown ? `; ${colorName(name, scaleDown)} scaled to zero after ${delay}s` : ''}`
      const blueGreen = { outcome: 'promoted' as const, line }
      return Promise.resolve({ phases, observed: [], alwaysWait: false, preview, blueGreen })
    },
    undo: () =>
      Promise.resolve({
        restored: [],
        nothingToUndo:
          'a blue-green promotion is not undone: `command: promote` of the old color is not possible, deploy it again'
      })
  }
}
