import { ProgressLog } from '../../src/rollout/progress.js'

describe('ProgressLog', () => {
  it('prints state changes at once and message changes at most every ten seconds', () => {
    const lines: string[] = []
    const log = new ProgressLog(0, line => lines.push(line))
    log.report('deployment/web', 'InProgress', '0 of 3', 1000)
    log.report('deployment/web', 'InProgress', '0 of 3', 1100)
    log.report('deployment/web', 'InProgress', '1 of 3', 2000)
    log.report('deployment/web', 'InProgress', '2 of 3', 12_000)
    log.report('deployment/web', 'Current', '3 of 3', 12_500)
    expect(lines).toEqual([
      '[   1.0s] deployment/web: waiting: 0 of 3',
      '[  12.0s] deployment/web: waiting: 2 of 3',
      '[  12.5s] deployment/web: ready: 3 of 3'
    ])
    expect(log.lines).toBe(3)
  })

  it('says nothing of an object that is ready when first seen', () => {
    const lines: string[] = []
    const log = new ProgressLog(0, line => lines.push(line))
    log.report('service/web', 'Current', 'ClusterIP', 500)
    log.report('service/web', 'Current', 'ClusterIP', 900)
    expect(lines).toEqual([])
  })

  it('prints messages from the cluster on one line, without control characters', () => {
    const lines: string[] = []
    const log = new ProgressLog(0, line => lines.push(line))
    log.report('pod/web', 'Failed', 'Error: boom\n::add-mask::x\r::error::y \u001b[31mred\u001b[0m', 1000)
    expect(lines).toEqual(['[   1.0s] pod/web: FAILED: Error: boom ::add-mask::x ::error::y red'])
  })
})
