import { mkdir, mkdtemp, readdir } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'

/** A fresh RUNNER_TOOL_CACHE and RUNNER_TEMP for one test; `restore()` puts the environment back. */
export interface RunnerFolders {
  toolCache: string
  temp: string
  /** Every file and folder under `dir`, relative to it, sorted. */
  contents(dir: string): Promise<string[]>
  restore(): void
}

export async function useRunnerFolders(): Promise<RunnerFolders> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kube-deploy-tools-'))
  const toolCache = path.join(root, 'tool-cache')
  const temp = path.join(root, 'temp')
  await mkdir(toolCache)
  await mkdir(temp)
  const saved = { cache: process.env.RUNNER_TOOL_CACHE, temp: process.env.RUNNER_TEMP }
  process.env.RUNNER_TOOL_CACHE = toolCache
  process.env.RUNNER_TEMP = temp
  return {
    toolCache,
    temp,
    contents: async dir => (await readdir(dir, { recursive: true })).sort(),
    restore() {
      for (const [name, value] of [
        ['RUNNER_TOOL_CACHE', saved.cache],
        ['RUNNER_TEMP', saved.temp]
      ] as const) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  }
}
