import { readFile } from 'node:fs/promises'
import { downloadFile, downloadText, DOWNLOAD_TIMEOUT_MS } from '../../src/tool-installers/http-download.js'
import { startFileServer, type Answer, type FileServer } from './file-server.js'
import { useRunnerFolders, type RunnerFolders } from './runner-folders.js'

const label = 'kubectl v1.33.13'
const fast = { retryDelayMs: 10 }
let server: FileServer
let folders: RunnerFolders

beforeEach(async () => {
  server = await startFileServer({ '/kubectl': 'binary', '/kubectl.sha256': 'f'.repeat(64) })
  folders = await useRunnerFolders()
})
afterEach(async () => {
  await server.close()
  folders.restore()
})

describe('downloads', () => {
  it('gives each download two minutes', () => {
    expect(DOWNLOAD_TIMEOUT_MS).toBe(120_000)
  })

  it('writes a file into RUNNER_TEMP, and reads a text', async () => {
    const file = await downloadFile(`${server.url}/kubectl`, label, fast)
    expect(file.startsWith(folders.temp)).toBe(true)
    expect(await readFile(file, 'utf8')).toBe('binary')
    expect(await downloadText(`${server.url}/kubectl.sha256`, label, fast)).toBe('f'.repeat(64))
  })

  it('names the tool, version, URL and HTTP status when the file is not there, at the first answer', async () => {
    const url = `${server.url}/v1.33.13/bin/linux/amd64/kubectl`
    await expect(downloadFile(url, label, fast)).rejects.toThrow(
      `kubectl v1.33.13: download of ${url} failed: HTTP 404 Not Found`
    )
    expect(server.requests).toEqual(['/v1.33.13/bin/linux/amd64/kubectl'])
    expect(await folders.contents(folders.temp)).toEqual([])
  })

  it('tries a server error three times, then says so', async () => {
    server.files.set('/kubectl', { status: 503 })
    await expect(downloadFile(`${server.url}/kubectl`, label, fast)).rejects.toThrow(
      `kubectl v1.33.13: download of ${server.url}/kubectl failed: HTTP 503 Service Unavailable (3 attempts)`
    )
    expect(server.requests).toHaveLength(3)
  })

  it('gets over a passing server error', async () => {
    const answers: Answer[] = [{ status: 502 }, 'binary']
    server.files.set('/kubectl', () => answers.shift() ?? 'binary')
    expect(await readFile(await downloadFile(`${server.url}/kubectl`, label, fast), 'utf8')).toBe('binary')
  })

  it.each([
    ['sends nothing', 'hang'],
    ['stops sending', 'stall']
  ] as const)('gives up on a server that %s, within the timeout, and leaves no file', async (_, answer) => {
    server.files.set('/kubectl', { silence: answer })
    const started = Date.now()
    await expect(downloadFile(`${server.url}/kubectl`, label, { timeoutMs: 300 })).rejects.toThrow(
      `kubectl v1.33.13: download of ${server.url}/kubectl failed: no complete response within 0.3 s`
    )
    expect(Date.now() - started).toBeLessThan(2000)
    expect(await folders.contents(folders.temp)).toEqual([])
  })

  it('names a stalled mirror by its URL, never by the credentials in it', async () => {
    server.files.set('/kubectl', { silence: 'stall' })
    const withCredentials = server.url.replace('http://', 'http://mirror-user:s3cret-pass@')
    const failure = downloadFile(`${withCredentials}/kubectl`, label, { timeoutMs: 300 })
    await expect(failure).rejects.toThrow(
      `kubectl v1.33.13: download of ${server.url}/kubectl failed: no complete response within 0.3 s`
    )
    await expect(failure).rejects.not.toThrow(/mirror-user|s3cret-pass/)
  })

  it('names a network error', async () => {
    await server.close()
    await expect(downloadText(`${server.url}/kubectl.sha256`, label, fast)).rejects.toThrow(
      new RegExp(
        `^kubectl v1\\.33\\.13: download of ${server.url}/kubectl\\.sha256 failed: connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+ \\(3 attempts\\)$`
      )
    )
  })

  it('refuses a checksum file that is not one', async () => {
    server.files.set('/kubectl.sha256', 'x'.repeat(100_000))
    await expect(downloadText(`${server.url}/kubectl.sha256`, label, fast)).rejects.toThrow(
      'failed: larger than 65536 bytes'
    )
  })
})
