import { parseLabelSelector } from '../../src/rollout/label-selector.js'

describe('parseLabelSelector', () => {
  const labels = { app: 'web', tier: 'front', 'app.kubernetes.io/part-of': 'shop' }

  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['app=web,tier=front', true],
    ['app=web, tier=back', false],
    ['tier in (front,back)', true],
    ['tier in (back)', false],
    ['tier notin (back)', true],
    ['tier notin (front, back)', false],
    ['missing notin (a)', true],
    ['app.kubernetes.io/part-of=shop', true],
    ['app', true],
    ['!app', false],
    ['!legacy', true],
    ['legacy', false],
    ['app=web,tier in (front,back),!legacy', true],
    ['', true]
  ])('%s matches the labels: %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected)
  })

  it('matches an object without labels only where no label is required', () => {
    expect(parseLabelSelector('!legacy')(undefined)).toBe(true)
    expect(parseLabelSelector('app=web')(undefined)).toBe(false)
  })

  it.each(['app=web,,tier in (a', 'app=(x)', '=web', 'tier in a,b'])(
    'rejects %p naming the bad part',
    selector => {
      expect(() => parseLabelSelector(selector)).toThrow(/is not a label selector requirement/)
    }
  )
})
