import { childEnvironment } from '../../src/tool-runners/child-environment.js'

const parent = {
  PATH: '/usr/bin',
  HOME: '/home/runner',
  TMPDIR: '/tmp',
  https_proxy: 'http://proxy:3128',
  NO_PROXY: 'localhost',
  INPUT_TOKEN: 'token',
  INPUT_KUBECONFIG: 'kubeconfig',
  ACTIONS_RUNTIME_TOKEN: 'runtime',
  GITHUB_TOKEN: 'github',
  KUBECONFIG: '/home/runner/.kube/config',
  HELM_KUBETOKEN: 'helm-token',
  HELM_NAMESPACE: 'other',
  HELM_REPOSITORY_CONFIG: '/home/runner/repos.yaml',
  AWS_ACCESS_KEY_ID: 'AKIA',
  GOOGLE_APPLICATION_CREDENTIALS: '/creds.json',
  SystemRoot: 'C:\\Windows',
  Path: 'C:\\bin',
  NODE_OPTIONS: '--require /evil.js'
}

describe('childEnvironment', () => {
  it('keeps the few inherited variables and sets the run own, nothing else', () => {
    expect(childEnvironment({ KUBECONFIG: '/run/kubeconfig' }, parent, 'linux')).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      TMPDIR: '/tmp',
      https_proxy: 'http://proxy:3128',
      NO_PROXY: 'localhost',
      HELM_REPOSITORY_CONFIG: '/home/runner/repos.yaml',
      AWS_ACCESS_KEY_ID: 'AKIA',
      GOOGLE_APPLICATION_CREDENTIALS: '/creds.json',
      KUBECONFIG: '/run/kubeconfig'
    })
  })

  it('on Windows, matches names whatever their case and keeps what Windows programs need', () => {
    const env = childEnvironment({ KUBECONFIG: 'C:\\run\\kubeconfig' }, parent, 'win32')
    expect(env).toMatchObject({
      Path: 'C:\\bin',
      SystemRoot: 'C:\\Windows',
      KUBECONFIG: 'C:\\run\\kubeconfig'
    })
    expect(Object.keys(env)).not.toEqual(expect.arrayContaining(['INPUT_TOKEN']))
    expect(env).not.toHaveProperty('GITHUB_TOKEN')
    expect(env).not.toHaveProperty('NODE_OPTIONS')
  })
})
