import { parseDuration } from '../../src/support/duration.js'

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['5m', 300],
    ['1h', 3600],
    ['1h30m', 5400],
    ['1.5m', 90],
    ['300', 300],
    ['500ms', 0.5]
  ])('reads %s as %d seconds', (text, seconds) => {
    expect(parseDuration(text, 'timeout')).toBe(seconds)
  })

  it.each(['', 'soon', '5 minutes', '-1m', '0', '5d'])('rejects %p naming the input', text => {
    expect(() => parseDuration(text, 'timeout')).toThrow(/input "timeout"/)
  })
})
