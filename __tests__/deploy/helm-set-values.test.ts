import { parseSetLines, valuesFileContent, type SetValue } from '../../src/deploy/helm-set-values.js'

/**
 * Every row is what `helm template --set <line>` makes of the line (checked against helm v3.19 by
 * rendering `.Values | toJson`).
 */
const ROWS: [string, Record<string, SetValue>][] = [
  ['a=b', { a: 'b' }],
  ['a.b.c=v', { a: { b: { c: 'v' } } }],
  ['a=1,b=2', { a: 1, b: 2 }],
  ['a=x\\,y', { a: 'x,y' }],
  ['a\\.b=c', { 'a.b': 'c' }],
  [
    'podLabels.kube-deploy\\.test/simulate=crash-loop',
    { podLabels: { 'kube-deploy.test/simulate': 'crash-loop' } }
  ],
  ['a=\\\\', { a: '\\' }],
  ['a=x=y', { a: 'x=y' }],
  ['name=value with spaces', { name: 'value with spaces' }],
  ['a[0].b=v', { a: [{ b: 'v' }] }],
  ['a[2]=x', { a: [null, null, 'x'] }],
  ['a[0][1]=x', { a: [[null, 'x']] }],
  ['a.b[1].c=d', { a: { b: [null, { c: 'd' }] } }],
  ['a[1].b=1,a[0]=2', { a: [2, { b: 1 }] }],
  ['a={x,y}', { a: ['x', 'y'] }],
  ['a={x,y},b=1', { a: ['x', 'y'], b: 1 }],
  ['a={1,true,null,x}', { a: [1, true, null, 'x'] }],
  ['a={}', { a: [''] }],
  ['a=true', { a: true }],
  ['a=TRUE', { a: true }],
  ['a=null', { a: null }],
  ['a=yes', { a: 'yes' }],
  ['a=0', { a: 0 }],
  ['a=-0', { a: 0 }],
  ['a=-5', { a: -5 }],
  ['a=+5', { a: 5 }],
  ['a=007', { a: '007' }],
  ['a=1.5', { a: '1.5' }],
  ['a=1e3', { a: '1e3' }],
  ['a= 5', { a: ' 5' }],
  ['a=9223372036854775807', { a: 9223372036854775807n }],
  ['a=9223372036854775808', { a: '9223372036854775808' }],
  ['a=', { a: '' }],
  ['a=,b=2', { a: '', b: 2 }],
  ['a[0]', { a: [] }]
]

describe('parseSetLines', () => {
  it.each(ROWS)('reads %s as helm --set does', (line, values) => {
    expect(parseSetLines([line]).values).toEqual(values)
  })

  it('reads each line as one more --set, in order', () => {
    expect(parseSetLines(['a.b=1', 'a.c=2', 'l={x}', 'l[2]=z']).values).toEqual({
      a: { b: 1, c: 2 },
      l: ['x', null, 'z']
    })
    expect(parseSetLines(['a.b=1', 'a=2']).values).toEqual({ a: 2 })
  })

  it('skips blank lines and comments, and trims each line', () => {
    expect(parseSetLines(['', '# image', '  image.tag=1.2.3  ']).values).toEqual({ image: { tag: '1.2.3' } })
  })

  it('gives the text of every value, escapes undone, for masking', () => {
    expect(parseSetLines(['db.password=p\\,w', 'hosts={a.example,b.example}', 'on=true']).texts).toEqual([
      'p,w',
      'a.example',
      'b.example',
      'true'
    ])
  })

  it.each([
    ['a', 1, undefined, 'a key without a value'],
    ['a,b=1', 1, 'a,b', 'a key without a value'],
    ['a=1,hunter2', 1, 'a', 'a key without a value'],
    ['a[x]=1', 1, 'a[x]', 'a list index that is not a number'],
    ['a[-1]=1', 1, 'a[-1]', 'a negative list index'],
    ['a[70000]=1', 1, 'a[70000]', 'a list index above 65536'],
    ['a={x,y', 1, 'a', "a list must end with '}'"],
    ['a=1,a.b=2', 1, 'a', 'a key is used both as a map and as something else'],
    ['a=1,a[0]=2', 1, 'a', 'a key is used both as a list and as something else'],
    ['a[0]x=1', 1, 'a[0]x', "unexpected text after a list index's ']'"],
    [`${'a.'.repeat(31)}a=1`, 1, `${'a.'.repeat(31)}a`, 'keys nested more than 30 levels deep']
  ])('refuses %s as helm does, naming the line and its first key only', (line, number, key, reason) => {
    const expected = `input "set": line ${number}${key === undefined ? '' : ` (key "${key}")`}: ${reason}`
    expect(() => parseSetLines([line])).toThrow(expected)
  })

  it('refuses a line that is a helm flag', () => {
    expect(() => parseSetLines(['--post-renderer=/bin/sh'])).toThrow(
      /^input "set": line 1 .*starts with "-": `set` takes key=value lines, not helm flags/
    )
  })

  it('counts blank and comment lines in the line number, and never quotes a value', () => {
    const lines = ['# database', '', 'db.user=app', 'db.password=hunter2,s3cr3t']
    expect(() => parseSetLines(lines)).toThrow(/^input "set": line 4 \(key "db.password"\): a key without/)
    try {
      parseSetLines(lines)
    } catch (error) {
      expect((error as Error).message).not.toMatch(/hunter2|s3cr3t/)
    }
  })
})

describe('valuesFileContent', () => {
  it('writes JSON, every string quoted, big integers digit for digit', () => {
    const { values } = parseSetLines(['a=yes', 'b=9223372036854775807', 'c={1,x}', 'd.e=null', 'f="q"'])
    expect(valuesFileContent(values)).toBe(
      '{"a":"yes","b":9223372036854775807,"c":[1,"x"],"d":{"e":null},"f":"\\"q\\""}'
    )
  })
})
