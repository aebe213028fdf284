import { writeFile } from 'node:fs/promises'
import { renderSummary } from '../src/report/summary.js'
import {
  earlyErrorReport,
  failureReport,
  rollbackReport,
  selectorOnlyReport,
  successReport,
  timeoutReport
} from '../__tests__/report/fixtures/reports.js'
import type { RolloutReport } from '../src/report/rollout-report.js'

/**
 * Writes the job summary of one of the test reports, as the action would write it, to look at or to
 * screenshot without a cluster: `npx tsx scripts/sample-summary.ts failure summary.md`.
 */
const samples: Record<string, () => RolloutReport> = {
  success: successReport,
  failure: failureReport,
  timeout: timeoutReport,
  'early-error': earlyErrorReport,
  'selector-only': selectorOnlyReport,
  rollback: rollbackReport
}

async function main(): Promise<void> {
  const [name = '', output] = process.argv.slice(2)
  const sample = samples[name]
  if (!sample || !output) {
    console.error(`usage: sample-summary.ts <${Object.keys(samples).join('|')}> <output.md>`)
    process.exit(2)
  }
  await writeFile(output, `${renderSummary(sample())}\n`)
}

await main()
