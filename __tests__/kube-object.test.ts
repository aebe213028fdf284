import { eventTime, withoutManagedFields } from '../src/kube-object.js'

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

describe('withoutManagedFields', () => {
  it('drops managedFields and nothing else, leaving the original as it was', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', labels: { app: 'web' }, managedFields: [{ manager: 'kubelet' }] },
      status: { phase: 'Running' }
    }
    expect(withoutManagedFields(object)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', labels: { app: 'web' } },
      status: { phase: 'Running' }
    })
    expect(object.metadata.managedFields).toHaveLength(1)
    const bare = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-2' } }
    expect(withoutManagedFields(bare)).toBe(bare)
  })
})
