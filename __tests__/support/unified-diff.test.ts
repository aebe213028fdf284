import { diffLines, unifiedDiff } from '../../src/support/unified-diff.js'

const text = (...lines: string[]): string => lines.map(line => `${line}\n`).join('')
const alphabet = 'abcdefghijklmnopqrstuvwxyz'.split('')

describe('unifiedDiff', () => {
  const cases: [string, string, string, string[]][] = [
    ['identical texts', text('a', 'b'), text('a', 'b'), []],
    ['both empty', '', '', []],
    ['everything added', '', text('x', 'y'), ['@@ -0,0 +1,2 @@', '+x', '+y']],
    ['everything removed', text('x', 'y'), '', ['@@ -1,2 +0,0 @@', '-x', '-y']],
    ['one line added', text('a'), text('a', 'b'), ['@@ -1 +1,2 @@', ' a', '+b']],
    [
      'a change with three lines of context on each side',
      text(...alphabet.slice(0, 9)),
      text('a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i'),
      ['@@ -2,7 +2,7 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h']
    ],
    [
      'changes far apart in two hunks',
      text(...alphabet.slice(0, 12)),
      text('A', ...alphabet.slice(1, 11), 'L'),
      ['@@ -1,4 +1,4 @@', '-a', '+A', ' b', ' c', ' d', '@@ -9,4 +9,4 @@', ' i', ' j', ' k', '-l', '+L']
    ],
    [
      'changes close together in one hunk',
      text(...alphabet.slice(0, 8)),
      text('A', ...alphabet.slice(1, 7), 'H'),
      ['@@ -1,8 +1,8 @@', '-a', '+A', ' b', ' c', ' d', ' e', ' f', ' g', '-h', '+H']
    ],
    ['a removal in the middle', text('a', 'b', 'c'), text('a', 'c'), ['@@ -1,3 +1,2 @@', ' a', '-b', ' c']],
    ['no final newline is no change', 'a\nb', text('a', 'b'), []]
  ]

  it.each(cases)('%s', (_, before, after, expected) => {
    expect(unifiedDiff(before, after)).toBe(expected.join('\n'))
  })

  it('takes the context it is given', () => {
    expect(unifiedDiff(text('a', 'b', 'c'), text('a', 'B', 'c'), 0)).toBe('@@ -2 +2 @@\n-b\n+B')
  })
})

describe('diffLines', () => {
  /** The length of the longest common subsequence, by dynamic programming: the edit count to match. */
  function lcs(a: string[], b: string[]): number {
    const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++)
        table[i][j] =
          a[i - 1] === b[j - 1] ? table[i - 1][j - 1] + 1 : Math.max(table[i - 1][j], table[i][j - 1])
    return table[a.length][b.length]
  }

  it('gives back both sides and a shortest edit script, on random texts', () => {
    let seed = 7
    const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647
    const sample = (): string[] =>
      Array.from({ length: Math.floor(random() * 14) }, () => 'abc'[Math.floor(random() * 3)])
    for (let round = 0; round < 500; round++) {
      const [a, b] = [sample(), sample()]
      const edits = diffLines(a, b)
      expect(edits.filter(edit => edit.op !== '+').map(edit => edit.line)).toEqual(a)
      expect(edits.filter(edit => edit.op !== '-').map(edit => edit.line)).toEqual(b)
      expect(edits.filter(edit => edit.op === ' ')).toHaveLength(lcs(a, b))
    }
  })

  it('diffs long texts with a small change at once', () => {
    const before = Array.from({ length: 20000 }, (_, index) => `line ${index}`)
    const after = [...before.slice(0, 10000), 'new', ...before.slice(10001)]
    const started = Date.now()
    const edits = diffLines(before, after)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(edits.filter(edit => edit.op !== ' ')).toEqual([
      { op: '-', line: 'line 10000' },
      { op: '+', line: 'new' }
    ])
  })

  it('gives up on very different long texts and shows them removed then added', () => {
    const before = Array.from({ length: 5000 }, (_, index) => `old ${index}`)
    const after = Array.from({ length: 5000 }, (_, index) => `new ${index}`)
    const edits = diffLines(before, after)
    expect(edits).toHaveLength(10000)
    expect(edits[0]).toEqual({ op: '-', line: 'old 0' })
    expect(edits[5000]).toEqual({ op: '+', line: 'new 0' })
  })
})
