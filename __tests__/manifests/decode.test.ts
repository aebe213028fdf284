import { decodeManifest } from '../../src/manifests/decode.js'

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map(part => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))))

describe('decodeManifest', () => {
  it('decodes UTF-8, a byte order mark dropped', () => {
    expect(decodeManifest(bytes([0xef, 0xbb, 0xbf], 'name: café ✓\n'), 'a.yaml')).toBe('name: café ✓\n')
  })

  it.each([
    [
      'a Latin-1 byte',
      bytes('a: 1\nb: caf', [0xe9], '\n'),
      /^a.yaml:2: is not valid UTF-8 \(byte 0xe9 at offset 11\)$/
    ],
    ['a stray continuation byte', bytes([0x80], 'a: 1\n'), /^a.yaml:1: .*byte 0x80 at offset 0/],
    [
      'a sequence cut by a newline',
      bytes('a: 1\n\nb: ', [0xe2, 0x82], '\nc: 3\n'),
      /^a.yaml:3: .*byte 0xe2 at offset 9/
    ],
    ['an overlong encoding', bytes('a: 1\nb: 2\nc: ', [0xc0, 0xaf], '\n'), /^a.yaml:3: .*byte 0xc0/],
    ['an encoded surrogate', bytes('x: ', [0xed, 0xa0, 0x80]), /^a.yaml:1: .*byte 0xed at offset 3/],
    [
      'a sequence cut by the end of the file',
      bytes('a: 1\nb: ', [0xe2, 0x82]),
      /^a.yaml:2: .*byte 0xe2 at offset 8/
    ]
  ])('refuses %s, naming the line of the first bad byte', (_what, data, message) => {
    expect(() => decodeManifest(data, 'a.yaml')).toThrow(message)
  })
})
