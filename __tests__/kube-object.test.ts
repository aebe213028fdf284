import { eventTime } from '../src/kube-object.js'

describe('eventTime', () => {
  const at = (iso: string): number => Date.parse(iso)

  it('reads the last time an event happened from whichever field its writer set', () => {
    const metadata = { name: 'e', creationTimestamp: '2026-11-26T08:00:00Z' }
    // The scheduler writes eventTime and leaves lastTimestamp null.
    expect(eventTime({ metadata, lastTimestamp: null, eventTime: '2026-11-26T08:00:02.5Z' })).toBe(
      at('2026-11-26T08:00:02.5Z')
    )
    expect(eventTime({ metadata, lastTimestamp: '2026-11-26T08:00:03Z' })).toBe(at('2026-11-26T08:00:03Z'))
    expect(
      eventTime({
        metadata,
        series: { lastObservedTime: '2026-11-26T08:00:09Z' },
        lastTimestamp: '2026-11-26T08:00:03Z'
      })
    ).toBe(at('2026-11-26T08:00:09Z'))
    expect(eventTime({ metadata })).toBe(at('2026-11-26T08:00:00Z'))
    expect(eventTime({})).toBe(0)
  })

  it('takes the Dates the typed client gives as well as the API strings', () => {
    expect(eventTime({ lastTimestamp: new Date('2026-11-26T08:00:03Z') })).toBe(at('2026-11-26T08:00:03Z'))
  })
})
