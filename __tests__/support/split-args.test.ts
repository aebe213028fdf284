import { splitArgs } from '../../src/support/split-args.js'

describe('splitArgs', () => {
  it('splits words and keeps quoted spaces', () => {
    expect(splitArgs(`annotate deployment/web "note=a b" 'x=it''s'`, 'args')).toEqual([
      'annotate',
      'deployment/web',
      'note=a b',
      'x=its'
    ])
  })
  it('treats newlines as separators and keeps empty quoted words', () => {
    expect(splitArgs('get\n  pods\n-l ""', 'args')).toEqual(['get', 'pods', '-l', ''])
  })
  it('honours backslash escapes', () => {
    expect(splitArgs('a\\ b "c\\"d"', 'args')).toEqual(['a b', 'c"d'])
  })
  it('rejects an unterminated quote', () => {
    expect(() => splitArgs('get "pods', 'args')).toThrow(/input "args": unterminated " quote/)
  })
})
