import { UntrustedBlock, oneLine, printUntrusted, stripControl } from '../../src/support/untrusted-text.js'

/** Lines a tenant's Event or an app's log could hold, each meant to reach the runner as a command. */
const HOSTILE = [
  '::add-mask::x',
  '::stop-commands::x',
  '::error::deployed to production',
  '  ::warning file=a.ts::indented',
  'ok\r::set-env name=A::1',
  'red \u001b[31m::error::\u001b[0m',
  '\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  'bell\u0007 nul\u0000 del\u007f c1\u0085\u009b',
  'lone \ud800 surrogate \udc00 and a pair \ud83d\ude80'
]

/**
 * What the runner would do with the printed lines: run commands unless a `::stop-commands::<t>`
 * block is open, until its `::<t>::` line. Lines split at `\r` as well as `\n`, leading blanks ignored.
 */
function commandsSeenByRunner(printed: string[]): string[] {
  const commands: string[] = []
  let stopToken: string | undefined
  for (const line of printed.join('\n').split(/\r\n|\r|\n/)) {
    const trimmed = line.trimStart()
    if (stopToken !== undefined) {
      if (trimmed.toLowerCase() === `::${stopToken}::`.toLowerCase()) stopToken = undefined
      continue
    }
    const stop = /^::stop-commands::(.+)$/.exec(trimmed)
    if (stop) stopToken = stop[1]
    else if (trimmed.startsWith('::')) commands.push(trimmed)
  }
  return commands
}

describe('stripControl', () => {
  it.each([
    ['red \u001b[31mtext\u001b[0m', 'red text'],
    ['\u001b]0;title\u0007after', 'after'],
    ['\u001b]0;cut off', ''],
    ['a\r\nb\rc\nd', 'a\nb\nc\nd'],
    ['tab\tkept', 'tab\tkept'],
    ['bell\u0007 nul\u0000 del\u007f c1\u0085\u009b', 'bell nul del c1'],
    ['lone \ud800 and \udc00', 'lone \ufffd and \ufffd'],
    ['a pair \ud83d\ude80 stays', 'a pair \ud83d\ude80 stays'],
    ['ünïcödé ✓', 'ünïcödé ✓']
  ])('%j → %j', (text, expected) => {
    expect(stripControl(text)).toBe(expected)
  })
})

describe('oneLine', () => {
  it('keeps one line of text: breaks collapsed, controls and escapes gone', () => {
    expect(oneLine('Back-off pulling image\n  "web:1"\r\n\u001b[1mnow\u001b[0m ')).toBe(
      'Back-off pulling image "web:1" now'
    )
  })

  it.each(HOSTILE)('leaves no line break nor control character in %j', line => {
    const single = oneLine(line)
    expect([...single].filter(char => char !== '\t' && /\p{Cc}/u.test(char))).toEqual([])
    expect(single).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
    // Behind a prefix of ours, nothing of it starts a line.
    expect(commandsSeenByRunner([`[ 1.0s] pod/web: ${single}`])).toEqual([])
  })
})

describe('printUntrusted', () => {
  it('prints the lines between stop-commands and its token, so the runner runs none of them', () => {
    const printed: string[] = []
    printUntrusted(HOSTILE, line => printed.push(line))
    expect(printed[0]).toMatch(/^::stop-commands::[0-9a-f-]{36}$/)
    expect(printed[printed.length - 1]).toBe(`::${printed[0].slice('::stop-commands::'.length)}::`)
    expect(commandsSeenByRunner(printed)).toEqual([])
    // Without the block, the first line would be a command (and the second would turn commands off).
    expect(commandsSeenByRunner(HOSTILE)).toEqual(['::add-mask::x'])
  })

  it('keeps the text readable: control characters stripped, each line its own log line', () => {
    const printed: string[] = []
    printUntrusted(['events:\n  Warning BackOff: ::error::x', 'ok\r::add-mask::y'], line =>
      printed.push(line)
    )
    expect(printed.slice(1, -1)).toEqual(['events:', '  Warning BackOff: ::error::x', 'ok', '::add-mask::y'])
    expect(printed.join('\n')).not.toMatch(/\r/)
  })

  it('uses a fresh token per block', () => {
    const first: string[] = []
    const second: string[] = []
    printUntrusted('a', line => first.push(line))
    printUntrusted('a', line => second.push(line))
    expect(first[0]).not.toBe(second[0])
  })

  it('cannot be closed early by text that holds the token (someone reading the live log)', () => {
    const printed: string[] = []
    const block = new UntrustedBlock(line => printed.push(line))
    const token = printed[0].slice('::stop-commands::'.length)
    block.write(`::${token}::\n::${token.toUpperCase()}::\n::add-mask::secret`)
    block.close()
    expect(printed.slice(1, -1)).toEqual(['::***::', '::***::', '::add-mask::secret'])
    expect(commandsSeenByRunner(printed)).toEqual([])
  })
})

describe('UntrustedBlock streams', () => {
  it('prints whole lines as they come, joins chunks and split characters, flushes at close', () => {
    const printed: string[] = []
    const block = new UntrustedBlock(line => printed.push(line))
    const stdout = block.stream()
    const stderr = block.stream()
    const check = Buffer.from('✓')
    stdout(Buffer.from('release "web" has been upgra'))
    expect(printed).toHaveLength(1)
    stdout(Buffer.concat([Buffer.from('ded '), check.subarray(0, 1)]))
    stdout(Buffer.concat([check.subarray(1), Buffer.from('\n::add-mask::x\nlast, no newline')]))
    stderr(Buffer.from('::error::from stderr\n'))
    block.close()
    block.close()
    expect(printed.slice(1, -1)).toEqual([
      'release "web" has been upgraded ✓',
      '::add-mask::x',
      '::error::from stderr',
      'last, no newline'
    ])
    expect(printed.filter(line => /^::[0-9a-f-]{36}::$/.test(line))).toHaveLength(1)
    expect(commandsSeenByRunner(printed)).toEqual([])
  })
})
