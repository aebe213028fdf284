import { writeFile } from 'node:fs/promises'
import { jest } from '@jest/globals'
import { createHelm } from '../../src/tool-runners/helm-cli.js'
import { createKubectl } from '../../src/tool-runners/kubectl-cli.js'
import { CommandError, STOP_GRACE_MS, stopRunningCommands } from '../../src/tool-runners/run-command.js'
import { forgetSecretsForTests, maskSecrets } from '../../src/tool-runners/secret-values.js'
import { fakeBinary, type Seen } from './fake-binary.js'

let log: string
const saved = { ...process.env }

beforeEach(() => {
  log = ''
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    log += String(chunk)
    return true
  })
  // Exactly the runner's environment of a step, nothing of the machine's.
  process.env = {
    PATH: saved.PATH,
    HOME: '/home/runner',
    TMPDIR: '/tmp',
    INPUT_TOKEN: 'input-token-value',
    INPUT_KUBECONFIG: 'input-kubeconfig-value',
    ACTIONS_RUNTIME_TOKEN: 'runtime-token',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-token',
    GITHUB_TOKEN: 'github-token',
    HELM_KUBETOKEN: 'helm-kubetoken',
    HELM_CONFIG_HOME: '/home/runner/.config/helm',
    KUBECONFIG: '/home/runner/.kube/ambient',
    HTTPS_PROXY: 'http://proxy.example:3128',
    no_proxy: 'localhost',
    AWS_REGION: 'eu-west-1',
    RUNNER_DEBUG: '1'
  }
})

afterEach(() => {
  jest.restoreAllMocks()
  process.env = { ...saved }
  forgetSecretsForTests()
})

describe('children', () => {
  it('get a minimal environment: no inputs, no runner tokens, the run kubeconfig', async () => {
    const { file, workDir } = await fakeBinary('kubectl')
    const kubectl = createKubectl(file, `${workDir}/kubeconfig`, workDir)
    const seen = await kubectl.json<Seen>(['get', 'pods'])
    expect(Object.keys(seen.env).sort()).toEqual(
      [
        'AWS_REGION',
        'HELM_CONFIG_HOME',
        'HOME',
        'HTTPS_PROXY',
        'KUBECACHEDIR',
        'KUBECONFIG',
        'PATH',
        'no_proxy',
        'TMPDIR'
      ].sort()
    )
    expect(seen.env.KUBECONFIG).toBe(`${workDir}/kubeconfig`)
    expect(seen.env.KUBECACHEDIR).toBe(`${workDir}/kube-cache`)
    expect(JSON.stringify(seen.env)).not.toMatch(
      /input-token|runtime-token|oidc-token|github-token|kubetoken/
    )
  })

  it('helm gets the same minimal environment and the run flags before its command', async () => {
    const { file, workDir } = await fakeBinary('helm')
    const helm = createHelm(file, `${workDir}/kubeconfig`, 'shop', workDir)
    const seen = JSON.parse((await helm.run(['status', '--output', 'json', '--', 'web'])).stdout) as Seen
    expect(seen.argv).toEqual([
      '--kubeconfig',
      `${workDir}/kubeconfig`,
      '--namespace',
      'shop',
      'status',
      '--output',
      'json',
      '--',
      'web'
    ])
    expect(seen.env.KUBECONFIG).toBe(`${workDir}/kubeconfig`)
    expect(seen.env).not.toHaveProperty('HELM_KUBETOKEN')
    expect(seen.env).not.toHaveProperty('INPUT_TOKEN')
  })
})

describe('command lines in the log', () => {
  it('never print values: no [command] line, and a redacted running: line', async () => {
    const { file, workDir } = await fakeBinary('kubectl')
    const kubectl = createKubectl(file, `${workDir}/kubeconfig`, workDir)
    await kubectl.run(
      ['create', 'secret', 'generic', 'db', '--from-literal=password=hunter2', '-n', 'shop'],
      { echo: true }
    )
    const lines = log.split('\n')
    expect(lines.filter(line => line.includes('[command]'))).toEqual([])
    expect(lines).toContain(
      `running: kubectl create --kubeconfig ${workDir}/kubeconfig … … … --from-literal=… -n …`
    )
    // The echoed output is the command's own (the fake prints its arguments): only that holds them.
    expect(lines.filter(line => line.includes('hunter2') && !line.startsWith('{"argv"'))).toEqual([])
  })

  it('echo the output with registered secrets redacted, as the runner would', async () => {
    const { file, workDir } = await fakeBinary('kubectl')
    maskSecrets(['hunter2'])
    await createKubectl(file, `${workDir}/kubeconfig`, workDir).run(['get', 'hunter2'], { echo: true })
    const lines = log.split('\n').filter(line => !line.startsWith('::add-mask::'))
    expect(lines.find(line => line.startsWith('{"argv"'))).toContain('"***"')
    expect(lines.join('\n')).not.toContain('hunter2')
  })

  it('debug-log commands that are not echoed, redacted the same way', async () => {
    const { file, workDir } = await fakeBinary('kubectl')
    await createKubectl(file, `${workDir}/kubeconfig`, workDir).run(['get', 'secret/db', '-o', 'yaml'])
    expect(log).toContain(`::debug::running: kubectl get --kubeconfig ${workDir}/kubeconfig … -o yaml`)
    expect(log).not.toContain('secret/db')
  })
})

describe('CommandError', () => {
  it('names the program and its verb, never the arguments, and redacts registered secrets', async () => {
    const { file, workDir } = await fakeBinary('kubectl')
    maskSecrets(['hunter2'])
    const kubectl = createKubectl(file, `${workDir}/kubeconfig`, workDir)
    const failure = kubectl.run([
      'patch',
      'secret/db',
      '--patch-file',
      `${workDir}/p.json`,
      'fail',
      'hunter2'
    ])
    await expect(failure).rejects.toThrow(CommandError)
    const error = (await failure.catch((thrown: unknown) => thrown)) as CommandError
    expect(error.command).toBe('kubectl patch')
    expect(error.message).toMatch(/^kubectl patch failed: error: refused patch --kubeconfig /)
    expect(error.message).toContain('***')
    expect(error.message).not.toContain('hunter2')
    expect(error.result.stderr).not.toContain('hunter2')
    expect(error.result.exitCode).toBe(3)
  })

  it('says only the program when the arguments start with a flag', () => {
    const error = new CommandError('kubectl', { exitCode: 1, stdout: '', stderr: '' })
    expect(error.message).toBe('kubectl failed: exit code 1')
  })

  it('returns a failure instead of throwing when asked', async () => {
    const { file, workDir } = await fakeBinary('helm')
    const helm = createHelm(file, `${workDir}/kubeconfig`, 'shop', workDir)
    const result = await helm.run(['status', 'fail'], { allowFailure: true })
    expect(result.exitCode).toBe(3)
  })
})

describe('stopRunningCommands', () => {
  it('stops every child still running (SIGTERM) and resolves once they ended', async () => {
    const { file, workDir } = await fakeBinary('kubectl')
    // A kubectl that would run for a minute (a watch, an apply against a server that hangs).
    await writeFile(file, '#!/usr/bin/env node\nsetTimeout(() => undefined, 60_000)\n')
    const kubectl = createKubectl(file, `${workDir}/kubeconfig`, workDir)
    const started = Date.now()
    const running = kubectl.run(['apply', '-f', 'objects.yaml'])
    await new Promise(resolve => setTimeout(resolve, 200))
    await stopRunningCommands()
    await expect(running).rejects.toThrow('kubectl apply failed: stopped by SIGTERM')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('kills a child that ignores SIGTERM after its grace', async () => {
    const { file, workDir } = await fakeBinary('kubectl')
    await writeFile(
      file,
      "#!/usr/bin/env node\nprocess.on('SIGTERM', () => undefined)\nsetTimeout(() => undefined, 60_000)\n"
    )
    const kubectl = createKubectl(file, `${workDir}/kubeconfig`, workDir)
    const running = kubectl.run(['apply', '-f', 'objects.yaml'], { allowFailure: true })
    await new Promise(resolve => setTimeout(resolve, 300))
    const started = Date.now()
    await stopRunningCommands()
    expect(Date.now() - started).toBeGreaterThanOrEqual(STOP_GRACE_MS - 50)
    expect((await running).exitCode).toBe(137)
  })

  it('has nothing to do when nothing runs', async () => {
    await expect(stopRunningCommands()).resolves.toBeUndefined()
  })
})
