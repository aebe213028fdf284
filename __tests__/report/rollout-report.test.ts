import { failureMessage, startReport, type RolloutReport } from '../../src/report/rollout-report.js'

const report = (fields: Partial<RolloutReport>): RolloutReport => ({ ...startReport(), ...fields })

describe('failureMessage', () => {
  it('is empty for a success', () => {
    expect(failureMessage(report({ status: 'succeeded' }))).toBeUndefined()
  })

  it('names the first problem of a verdict', () => {
    expect(
      failureMessage(report({ status: 'timed-out', problems: ['deployment/web: 0 of 1 replicas available'] }))
    ).toBe('rollout timed-out: deployment/web: 0 of 1 replicas available')
  })

  it('is the error alone when the run stopped before a verdict', () => {
    expect(failureMessage(report({ error: 'input "patch": is required with `command: patch`' }))).toBe(
      'input "patch": is required with `command: patch`'
    )
  })

  it('keeps the verdict first when a later step (the rollback) threw', () => {
    expect(
      failureMessage(
        report({
          status: 'failed',
          problems: ['deployment/api: CrashLoopBackOff'],
          error: 'rollback: replace refused'
        })
      )
    ).toBe('rollout failed: deployment/api: CrashLoopBackOff; rollback: replace refused')
  })

  it('fails a report that has no verdict and no error: the run never reached one', () => {
    expect(failureMessage(startReport())).toBe('rollout failed: see the job summary')
  })
})
