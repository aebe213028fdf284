import { jest } from '@jest/globals'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { hostPlatform } from '../src/tool-installers/platform.js'
import { DEFAULT_KUBECTL_VERSION } from '../src/tool-installers/versions.js'

/** A kubeconfig for a cluster that is never contacted: the tests using it stop before that. */
export const KUBECONFIG = `apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: prod
  cluster: { server: 'https://prod.example:6443', insecure-skip-tls-verify: true }
contexts:
- name: prod
  context: { cluster: prod, user: deployer, namespace: shop }
users:
- name: deployer
  user: { token: s3cr3t-token }
`

/**
 * The inputs that let a run use the empty kubectl fakeRunnerEnv() plants: its digest (the sha256 of
 * nothing), since a tool cache hit is hashed again, and checked against the official site's
 * checksum when no digest is given.
 */
export const PLANTED_KUBECTL_INPUTS = {
  'kubectl-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
}

/** What the runner gives a step, in a temp folder: its files, its tool cache, and its log. */
export interface RunnerEnv {
  root: string
  /** Everything the step wrote to stdout, workflow commands included. */
  stdout(): string
  file(name: 'state' | 'output' | 'summary'): string
  /** Sets the step's inputs as the runner does (INPUT_<NAME>, hyphens kept). */
  setInputs(inputs: Record<string, string>): void
  /**
   * Empties the files and the log for the next test, keeping the paths: `core.summary` remembers
   * the summary file it first wrote to.
   */
  reset(): Promise<void>
  restore(): void
}

/**
 * Points the runner's variables at a temp folder whose tool cache already holds the pinned kubectl
 * (an empty file: nothing is downloaded, and it is never run), and captures stdout.
 */
export async function fakeRunnerEnv(): Promise<RunnerEnv> {
  const saved = { ...process.env }
  const root = await mkdtemp(path.join(os.tmpdir(), 'runner-'))
  const kubectlDir = path.join(
    root,
    'tool-cache',
    'kubectl',
    DEFAULT_KUBECTL_VERSION.slice(1),
    hostPlatform().arch
  )
  await mkdir(kubectlDir, { recursive: true })
  await writeFile(path.join(kubectlDir, 'kubectl'), '')
  await writeFile(`${kubectlDir}.complete`, '')
  const file = (name: string): string => path.join(root, name)
  const emptyFiles = async (): Promise<void> => {
    for (const name of ['state', 'output', 'summary']) await writeFile(file(name), '')
  }
  await emptyFiles()
  Object.assign(process.env, {
    RUNNER_TOOL_CACHE: path.join(root, 'tool-cache'),
    RUNNER_TEMP: root,
    GITHUB_WORKSPACE: root,
    GITHUB_STATE: file('state'),
    GITHUB_OUTPUT: file('output'),
    GITHUB_STEP_SUMMARY: file('summary')
  })
  let stdout = ''
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    stdout += String(chunk)
    return true
  })
  return {
    root,
    stdout: () => stdout,
    file,
    setInputs(inputs) {
      for (const name of Object.keys(process.env).filter(key => key.startsWith('INPUT_')))
        delete process.env[name]
      for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
    },
    async reset() {
      await emptyFiles()
      stdout = ''
      process.exitCode = undefined
    },
    restore() {
      jest.restoreAllMocks()
      process.env = saved
      process.exitCode = undefined
    }
  }
}
