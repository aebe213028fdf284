import { blueGreenOutput, startReport, type RolloutReport } from '../../src/report/rollout-report.js'
import { renderSummary } from '../../src/report/summary.js'

const line = 'green deployed next to the live blue: deployment/web-green behind service/web-preview'
const report = (changes: Partial<RolloutReport>): RolloutReport => ({
  ...startReport(),
  command: 'apply',
  blueGreen: { outcome: 'deployed', line },
  ...changes
})

describe('a blue-green step in the outputs and the summary', () => {
  it('says what it did and names the colors once it succeeded', () => {
    const done = report({ status: 'succeeded' })
    expect(blueGreenOutput(done)).toBe('deployed')
    expect(renderSummary(done)).toContain(`<p><strong>Blue-green:</strong> ${line}</p>`)
  })

  it('a dry run names what it would do, and the output stays empty', () => {
    const dryRun = report({ status: 'succeeded', dryRun: true })
    expect(blueGreenOutput(dryRun)).toBe('')
    expect(renderSummary(dryRun)).toContain('<strong>Blue-green (dry run, nothing sent):</strong>')
  })

  it('a failed step did none of it', () => {
    const failed = report({ status: 'failed' })
    expect(blueGreenOutput(failed)).toBe('')
    expect(renderSummary(failed)).not.toContain('Blue-green')
  })

  it('is empty without blue-green', () => {
    expect(blueGreenOutput({ ...startReport(), status: 'succeeded' })).toBe('')
  })
})
