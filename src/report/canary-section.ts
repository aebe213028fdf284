import { displayName, refKey } from '../kube-object.js'
import { code, heading, inlineText, paragraph, singleLine, table } from './markdown.js'
import type { ReportRow, RolloutReport } from './rollout-report.js'

const STATE_ICON = { deployed: '🐤', promoted: '✅', rejected: '🗑️' } as const

/**
 * The canary's share of the Service's traffic: its ready pods over all ready pods of both versions,
 * since the Service spreads connections over the ready endpoints it selects. Undefined before
 * either has a ready pod.
 */
export function trafficShare(stableReady: number, canaryReady: number): number | undefined {
  const total = stableReady + canaryReady
  return total === 0 ? undefined : canaryReady / total
}

/** The ready count of a row's `ready/desired`; 0 when the wait did not count it. */
export function readyOf(row: ReportRow | undefined): number {
  const ready = Number(row?.replicas?.split('/')[0])
  return Number.isFinite(ready) ? ready : 0
}

/** Where the canary stands: both versions, their images and pods, and the canary's traffic share. */
export function canarySection(report: RolloutReport): string[] {
  const canary = report.canary
  if (!canary) return []
  const rows = new Map(report.rows.map(row => [refKey(row.ref), row]))
  const stable = rows.get(refKey(canary.stable))
  const canaryRow = rows.get(refKey(canary.canary))
  const stableName = code(displayName(canary.stable))
  const canaryName = code(displayName(canary.canary))
  const share = trafficShare(readyOf(stable), readyOf(canaryRow))
  const shareText = share === undefined ? 'no ready pod yet' : `${Math.round(share * 100)}%`
  const what = {
    deployed: `${canaryName} runs the new version beside ${stableName}, which is unchanged; traffic share (ready pods): ${shareText}. Promote it with ${code('command: promote')}, or drop it with ${code('command: reject')} (${code(`target: ${displayName(canary.stable)}`)}).`,
    promoted: `${stableName} runs the canary's version; ${canaryName} is deleted.`,
    rejected: `${canaryName} is deleted, its pods are gone; ${stableName} runs as before.`
  }[canary.state]
  const blocks = [heading(3, `${STATE_ICON[canary.state]} Canary: ${canary.state}`), paragraph(what)]
  const versions: [string, ReportRow | undefined][] = [
    ['stable', stable],
    ['canary', canaryRow]
  ]
  const present = versions.filter(([, row]) => row && row.action !== 'deleted')
  if (present.length > 0)
    blocks.push(
      table(
        ['Version', 'Deployment', 'Images', 'Ready'],
        present.map(([version, row]) => [
          version,
          code(displayName(row?.ref ?? canary.stable)),
          Object.entries(row?.images ?? {})
            .map(([container, image]) => `${singleLine(container)}: ${code(image)}`)
            .join('<br>') || '—',
          inlineText(row?.replicas ?? '') || '—'
        ])
      )
    )
  return blocks
}
