import { ClusterApiError } from '../../src/cluster/api-errors.js'
import { ApiContact, RESTART_WINDOW_MS } from '../../src/rollout/api-contact.js'

const at = Date.parse('2026-03-02T10:00:00Z')
const unreachable = new ClusterApiError(
  'the API server could not be reached: connect ECONNREFUSED 10.0.0.1:6443',
  undefined,
  undefined,
  true
)
const forbidden = new ClusterApiError(
  'pods is forbidden: User "system:serviceaccount:ci:deployer" cannot watch resource "pods"',
  403,
  undefined
)
const silence = new ClusterApiError(
  'the API server did not answer GET /version within 2s',
  undefined,
  undefined,
  true
)

/** An ApiContact on a clock the test moves. */
function contactAt(start = at): { contact: ApiContact; advance: (ms: number) => void } {
  let now = start
  return { contact: new ApiContact(() => now), advance: ms => (now += ms) }
}

describe('ApiContact', () => {
  it('says nothing while the server answers', () => {
    const { contact } = contactAt()
    contact.heard()
    expect(contact.troubled).toBe(false)
    expect(contact.describe()).toBeUndefined()
  })

  it('says since when the server was unreachable, from the first failure, without repeating itself', () => {
    const { contact, advance } = contactAt()
    contact.heard()
    advance(2000)
    contact.failed(unreachable)
    advance(7000)
    contact.failed(unreachable)
    expect(contact.describe()).toBe(
      'the API server was unreachable since 10:00:02 UTC (the last 7 s): connect ECONNREFUSED 10.0.0.1:6443'
    )
  })

  it('forgets a failure once the server answers again', () => {
    const { contact, advance } = contactAt()
    contact.failed(unreachable)
    advance(1000)
    contact.heard()
    expect(contact.describe()).toBeUndefined()
  })

  it('says the server refused the requests when the last failure was a refusal', () => {
    const { contact, advance } = contactAt()
    contact.failed(unreachable)
    advance(3000)
    contact.failed(forbidden)
    expect(contact.describe()).toMatch(
      /^the API server refused the run's requests since 10:00:00 UTC \(the last 3 s\): pods is forbidden/
    )
  })

  it('dates the silence of a frozen server from when it was last heard, or from the first question', () => {
    const heard = contactAt()
    heard.advance(4000)
    heard.contact.heard()
    heard.advance(6000)
    heard.contact.silent(silence)
    expect(heard.contact.describe()).toBe(
      'the API server has not answered since 10:00:04 UTC (the last 6 s): the API server did not answer GET /version within 2s'
    )
    const never = contactAt()
    never.advance(8000)
    never.contact.silent(silence)
    expect(never.contact.describe()).toMatch(
      /^the API server has not answered since 10:00:00 UTC \(the last 8 s\)/
    )
  })

  it('takes a refusal for a restart only shortly after a failure', () => {
    const { contact, advance } = contactAt()
    expect(contact.recentlyFailed).toBe(false)
    contact.failed(unreachable)
    contact.heard()
    expect(contact.recentlyFailed).toBe(true)
    advance(RESTART_WINDOW_MS)
    expect(contact.recentlyFailed).toBe(false)
  })
})
