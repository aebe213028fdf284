import { EMPTY_MEMORY, GraceClock } from '../../src/rollout/grace-clock.js'

describe('GraceClock', () => {
  it('starts a grace when a problem is first seen and asks to be woken when it ends', () => {
    const clock = new GraceClock(1_000, EMPTY_MEMORY)
    expect(clock.outlasted('pod/web/ErrImagePull', 5_000)).toBe(false)
    expect(clock.result()).toEqual({
      memory: { firstSeen: { 'pod/web/ErrImagePull': 1_000 } },
      wakeAt: 6_000
    })
  })

  it('says the grace is over once the problem has lasted it', () => {
    const clock = new GraceClock(6_000, { firstSeen: { 'pod/web/ErrImagePull': 1_000 } })
    expect(clock.outlasted('pod/web/ErrImagePull', 5_000)).toBe(true)
    expect(clock.result().wakeAt).toBeUndefined()
  })

  it('forgets problems not seen in an evaluation, so a problem that comes back starts over', () => {
    const clock = new GraceClock(3_000, { firstSeen: { gone: 1_000 } })
    expect(clock.result().memory).toEqual({ firstSeen: {} })
  })

  it('wakes at the earliest end of all graces', () => {
    const clock = new GraceClock(0)
    clock.outlasted('a', 60_000)
    clock.outlasted('b', 5_000)
    expect(clock.result().wakeAt).toBe(5_000)
  })
})
