import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { withPrivateFile } from '../../src/tool-runners/private-file.js'

describe('withPrivateFile', () => {
  it('writes the content readable by its owner only, in the folder, and removes it after use', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'private-'))
    const seen = await withPrivateFile(dir, 'patch.json', '{"a":1}', async file => {
      expect(path.dirname(file)).toBe(dir)
      expect(path.basename(file)).toMatch(/^patch-[0-9a-f]{8}\.json$/)
      expect((await stat(file)).mode & 0o777).toBe(0o600)
      return readFile(file, 'utf8')
    })
    expect(seen).toBe('{"a":1}')
    expect(await readdir(dir)).toEqual([])
  })

  it('removes the file when its use fails', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'private-'))
    await expect(
      withPrivateFile(dir, 'set.json', '{}', () => Promise.reject(new Error('helm failed')))
    ).rejects.toThrow('helm failed')
    expect(await readdir(dir)).toEqual([])
  })
})
