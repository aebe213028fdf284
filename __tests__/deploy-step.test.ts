import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { deploy, runnerContext } from '../src/deploy-step.js'
import { getSettings } from '../src/inputs.js'
import { startReport } from '../src/report/rollout-report.js'
import { DEFAULT_KUBECTL_VERSION } from '../src/tool-installers/versions.js'
import { fakeRunnerEnv, KUBECONFIG, type RunnerEnv } from './runner-env.js'

let runner: RunnerEnv
beforeEach(async () => {
  runner = await fakeRunnerEnv()
})
afterEach(() => runner.restore())

describe('deploy', () => {
  it('keeps what was done before a manifest error, and stops before the cluster is changed', async () => {
    await writeFile(
      path.join(runner.root, 'app.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels: {a: b}\n'
    )
    const settings = getSettings(name => ({ kubeconfig: KUBECONFIG, manifests: 'app.yaml' })[name] ?? '')
    const report = startReport()

    await expect(deploy(settings, runnerContext(), report)).rejects.toThrow(
      /app\.yaml:1: Deployment has no metadata\.name/
    )
    expect(report).toMatchObject({
      status: 'failed',
      command: 'apply',
      server: 'https://prod.example:6443',
      namespace: 'shop',
      done: [`kubectl ${DEFAULT_KUBECTL_VERSION} ready`],
      rows: [],
      problems: []
    })
    // The kubeconfig was written, its secrets masked and its folder saved for the post step.
    const state = await readFile(runner.file('state'), 'utf8')
    const workDir = /work-dir<<\S+\n(.+)\n/.exec(state)?.[1] ?? ''
    expect(existsSync(path.join(workDir, 'kubeconfig'))).toBe(true)
    expect(runner.stdout()).toContain('::add-mask::s3cr3t-token')
  })
})
