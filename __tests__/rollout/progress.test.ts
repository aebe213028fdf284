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

  it('in a large set, tallies what is ready and prints only failures and slow objects', () => {
    const lines: string[] = []
    const log = new ProgressLog(0, line => lines.push(line))
    const total = 60
    for (let index = 0; index < total; index++)
      log.report(`deployment/web-${index}`, 'InProgress', 'starting', 1000, total)
    log.tally(0, total, 1000)
    for (let index = 0; index < 59; index++)
      log.report(`deployment/web-${index}`, 'Current', 'available', 2000, total)
    log.tally(59, total, 2000)
    log.tally(59, total, 8000)
    log.report('deployment/web-59', 'InProgress', '0 of 1 updated', 12_000, total)
    log.report('deployment/web-59', 'Failed', 'ImagePullBackOff', 13_000, total)
    expect(lines).toEqual([
      '[   1.0s] 0 of 60 objects ready',
      '[   8.0s] 59 of 60 objects ready',
      '[  12.0s] deployment/web-59: waiting: 0 of 1 updated',
      '[  13.0s] deployment/web-59: FAILED: ImagePullBackOff'
    ])
    log.tally(60, total, 13_500)
    expect(lines.at(-1)).toBe('[  13.5s] 60 of 60 objects ready')
  })
})
