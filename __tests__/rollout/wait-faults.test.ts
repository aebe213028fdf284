import { jest } from '@jest/globals'
import { ClusterApiError } from '../../src/cluster/api-errors.js'
import type { ClusterClient } from '../../src/cluster/client.js'
import { waitForRollout, type WaitOptions } from '../../src/rollout/wait.js'

const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }

/**
 * A client whose every list answers empty (or fails), whose watches open and stay silent, and whose
 * probe at the deadline answers or not: the server as the wait sees it while it goes away.
 */
function client(behaviour: { lists: 'empty' | 'unreachable'; ping: 'answers' | 'silent' }): ClusterClient {
  const unreachable = new ClusterApiError(
    'the API server could not be reached: connect ECONNREFUSED 10.0.0.1:6443',
    undefined,
    undefined,
    true
  )
  return {
    resource: (_: string, kind: string) =>
      Promise.resolve({ name: `${kind.toLowerCase()}s`, kind, namespaced: true }),
    collectionPath: (ref: { kind: string }) =>
      Promise.resolve(`/apis/apps/v1/namespaces/shop/${ref.kind.toLowerCase()}s`),
    list: () =>
      behaviour.lists === 'empty'
        ? Promise.resolve({ items: [], resourceVersion: '1' })
        : Promise.reject(unreachable),
    watch: () => Promise.resolve({ stop: () => undefined }),
    ping: () =>
      behaviour.ping === 'answers'
        ? Promise.resolve()
        : Promise.reject(
            new ClusterApiError(
              'the API server did not answer GET /version within 2s',
              undefined,
              undefined,
              true
            )
          )
  } as unknown as ClusterClient
}

const options = (overrides: Partial<WaitOptions> = {}): WaitOptions => ({
  targets: [web],
  namespace: 'shop',
  deadline: Date.now() + 300,
  failFast: true,
  rules: { readyConditions: {} },
  startedAt: Date.now(),
  ...overrides
})

beforeEach(() => {
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
})
afterEach(() => jest.restoreAllMocks())

describe('a wait while the API server goes away', () => {
  it('times out saying since when the server was unreachable, first of its problems', async () => {
    const result = await waitForRollout(client({ lists: 'unreachable', ping: 'silent' }), options())
    expect(result.status).toBe('timed-out')
    expect(result.apiTrouble).toMatch(
      /^the API server was unreachable since \d\d:\d\d:\d\d UTC \(the last 0 s\): connect ECONNREFUSED 10\.0\.0\.1:6443$/
    )
    expect(result.problems[0]).toBe(result.apiTrouble)
    expect(result.problems[1]).toBe('deployment/web: not seen yet')
  })

  it('times out saying the server has not answered when its watches fell silent and the probe got nothing', async () => {
    const result = await waitForRollout(client({ lists: 'empty', ping: 'silent' }), options())
    expect(result.status).toBe('timed-out')
    expect(result.apiTrouble).toMatch(/^the API server has not answered since \d\d:\d\d:\d\d UTC/)
  })

  it('says nothing of the server when it answers the probe', async () => {
    const result = await waitForRollout(client({ lists: 'empty', ping: 'answers' }), options())
    expect(result.status).toBe('timed-out')
    expect(result.apiTrouble).toBeUndefined()
    expect(result.problems).toEqual(['deployment/web: not found (yet)'])
  })

  it('ends at once, cancelled, when the run is', async () => {
    const cancel = new AbortController()
    const waiting = waitForRollout(
      client({ lists: 'empty', ping: 'answers' }),
      options({ deadline: Date.now() + 60_000, signal: cancel.signal })
    )
    setTimeout(() => cancel.abort(), 50)
    const started = Date.now()
    const result = await waiting
    expect(result.status).toBe('cancelled')
    expect(Date.now() - started).toBeLessThan(1000)
  })
})
