import { Backoff } from '../../src/support/backoff.js'

describe('Backoff', () => {
  it('doubles the pause up to its maximum, and starts again after a success', () => {
    const backoff = new Backoff(250, 1000, () => 0)
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([250, 500, 1000, 1000])
    backoff.reset()
    expect(backoff.next()).toBe(250)
  })

  it('takes off up to a quarter at random, so that clients that lost the same server spread out', () => {
    expect(new Backoff(1000, 4000, () => 1).next()).toBe(750)
    expect(new Backoff(1000, 4000, () => 0.5).next()).toBe(875)
  })
})
