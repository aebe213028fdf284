import { readFile, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import { run } from '../src/main.js'
import { fakeRunnerEnv, KUBECONFIG, PLANTED_KUBECTL_INPUTS, type RunnerEnv } from './runner-env.js'

let runner: RunnerEnv
beforeAll(async () => {
  runner = await fakeRunnerEnv()
})
beforeEach(() => runner.reset())
afterAll(() => runner.restore())

/** The step's outputs as the runner reads them from GITHUB_OUTPUT (`name<<delimiter` blocks). */
async function outputs(): Promise<Record<string, string>> {
  const text = await readFile(runner.file('output'), 'utf8')
  return Object.fromEntries(
    [...text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)].map(match => [match[1], match[3]])
  )
}

describe('run', () => {
  it('reports bad input: outputs, job summary, and the step fails with the input named', async () => {
    runner.setInputs({ manifests: 'app.yaml' })
    await run()
    expect(process.exitCode).toBe(1)
    expect(runner.stdout()).toContain('::error::input "kubeconfig": no cluster access given')
    expect(await outputs()).toMatchObject({ status: 'failed', resources: '[]', images: '{}' })
    const summary = await readFile(runner.file('summary'), 'utf8')
    expect(summary).toContain('kube-deploy stopped before a verdict')
    expect(summary).toContain('input "kubeconfig": no cluster access given')
  })

  it('reports an error after the first steps with the same outputs and summary', async () => {
    await writeFile(path.join(runner.root, 'app.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n')
    runner.setInputs({ kubeconfig: KUBECONFIG, manifests: 'app.yaml', ...PLANTED_KUBECTL_INPUTS })
    await run()
    expect(process.exitCode).toBe(1)
    expect(runner.stdout()).toMatch(/::error::app\.yaml:1: ConfigMap has no metadata\.name/)
    expect(await outputs()).toMatchObject({ status: 'failed', resources: '[]' })
    const summary = await readFile(runner.file('summary'), 'utf8')
    expect(summary).toContain('https://prod.example:6443')
    expect(summary).toContain('shop')
  })

  it('takes the inputs out of the environment once read, valid or not: children would inherit them', async () => {
    runner.setInputs({ kubeconfig: KUBECONFIG, manifests: 'missing.yaml', ...PLANTED_KUBECTL_INPUTS })
    expect(process.env.INPUT_KUBECONFIG).toBe(KUBECONFIG)
    await run()
    expect(Object.keys(process.env).filter(name => name.startsWith('INPUT_'))).toEqual([])
  })
})
