import { mkdtemp, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { parseChecksum, sha256File, sha256Of } from '../../src/tool-installers/checksum.js'

const digest = 'a'.repeat(64)

describe('checksums', () => {
  it('reads both published checksum forms', () => {
    expect(parseChecksum(`${digest}\n`, 'x')).toBe(digest)
    expect(parseChecksum(`${digest.toUpperCase()}  helm-v3.19.5-linux-amd64.tar.gz\n`, 'x')).toBe(digest)
    expect(() => parseChecksum('<html>not found</html>', 'https://m/kubectl.sha256')).toThrow(
      'https://m/kubectl.sha256 does not hold a sha256 checksum'
    )
  })

  it('hashes a file and a text', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'sha-')), 'f')
    await writeFile(file, 'abc')
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    expect(await sha256File(file)).toBe(abc)
    expect(sha256Of('abc')).toBe(abc)
  })

  it('hashes a file larger than its read buffer, and an empty one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sha-'))
    const content = Buffer.alloc(3 * 1024 * 1024 + 17, 'kubectl')
    await writeFile(path.join(dir, 'big'), content)
    await writeFile(path.join(dir, 'empty'), '')
    expect(await sha256File(path.join(dir, 'big'))).toBe(sha256Of(content))
    expect(await sha256File(path.join(dir, 'empty'))).toBe(sha256Of(''))
  })
})
