import {
  cancelledMessage,
  failureMessage,
  startReport,
  type RolloutReport
} from '../../src/report/rollout-report.js'

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

describe('a cancelled run', () => {
  const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }
  const row = (name: string, action: 'created' | 'configured' | 'unchanged') => ({
    ref: { ...web, name },
    action,
    status: 'in-progress' as const,
    message: ''
  })

  it('says the signal, what the run was doing and what it had changed', () => {
    const cancelled = report({
      status: 'cancelled',
      activity: 'apply objects',
      rows: [row('web', 'created'), row('api', 'unchanged'), row('worker', 'configured')]
    })
    expect(cancelledMessage(cancelled, 'SIGTERM')).toBe(
      'cancelled (SIGTERM) during apply objects; it had changed 2 objects: deployment/web created, deployment/worker configured'
    )
  })

  it('counts what it does not list', () => {
    const rows = ['a', 'b', 'c', 'd', 'e'].map(name => row(name, 'created'))
    expect(cancelledMessage(report({ rows }), 'SIGINT')).toBe(
      'cancelled (SIGINT); it had changed 5 objects: deployment/a created, deployment/b created, deployment/c created, 2 more'
    )
  })

  it('says when it had changed nothing', () => {
    expect(cancelledMessage(report({}), 'SIGTERM')).toBe('cancelled (SIGTERM); it had changed nothing')
  })

  it('fails the step with that message alone', () => {
    const message = 'cancelled (SIGTERM) during the wait for the rollout; it had changed nothing'
    expect(
      failureMessage(
        report({ status: 'cancelled', error: message, problems: ['deployment/web: 0 of 2 ready'] })
      )
    ).toBe(message)
  })
})
