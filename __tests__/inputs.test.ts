import { getSettings } from '../src/inputs.js'
import { DEFAULT_KUBECTL_VERSION } from '../src/tool-installers/versions.js'

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
const kubeconfig = 'apiVersion: v1\nkind: Config\n'

describe('getSettings', () => {
  it('applies the documented defaults', () => {
    const settings = getSettings(reader({ kubeconfig, manifests: 'k8s/\n# a comment\n\n  app.yaml  ' }))
    expect(settings.command).toBe('apply')
    expect(settings.apply.manifests).toEqual(['k8s/', 'app.yaml'])
    expect(settings.tools.kubectlVersion).toBe(DEFAULT_KUBECTL_VERSION)
    expect(settings.tools.kubectlMirror).toBe('https://dl.k8s.io/release')
    expect(settings.wait).toMatchObject({ enabled: true, timeoutSeconds: 300, failFast: true })
    expect(settings.rollbackOnFailure).toBe(false)
  })

  it('takes server + token access with a CA', () => {
    const settings = getSettings(
      reader({
        server: 'https://10.0.0.1:6443',
        token: 't0k3n',
        'certificate-authority': 'PEM',
        manifests: 'a.yaml'
      })
    )
    expect(settings.access).toEqual({
      method: 'token',
      server: 'https://10.0.0.1:6443',
      token: 't0k3n',
      certificateAuthority: 'PEM',
      insecureSkipTlsVerify: false
    })
  })

  it.each([
    [{ manifests: 'a.yaml' }, /input "kubeconfig": no cluster access/],
    [{ kubeconfig, server: 'https://x', manifests: 'a.yaml' }, /input "kubeconfig": give either/],
    [{ server: 'https://x:6443', manifests: 'a.yaml' }, /input "token": is required/],
    [
      { server: 'https://x:6443', token: 't', manifests: 'a.yaml' },
      /input "certificate-authority": is required/
    ],
    [{ server: 'x:6443', token: 't', manifests: 'a.yaml' }, /input "server"/],
    [{ kubeconfig }, /input "manifests": is required/],
    [{ kubeconfig, manifests: 'a', command: 'deploy' }, /input "command": "deploy" is not one of/],
    [{ kubeconfig, manifests: 'a', wait: 'maybe' }, /input "wait": "maybe" is not a boolean/],
    [{ kubeconfig, manifests: 'a', timeout: '5 minutes' }, /input "timeout"/],
    [
      { kubeconfig, manifests: 'a', 'kubectl-version': 'latest' },
      /input "kubectl-version": "latest" is not an exact version/
    ],
    [{ kubeconfig, manifests: 'a', 'kubectl-mirror': 'ftp://x' }, /input "kubectl-mirror"/],
    [{ kubeconfig, command: 'patch', 'patch-target': 'web', patch: '{}' }, /input "patch-target"/],
    [{ kubeconfig, command: 'helm', chart: './c', release: 'Web_App' }, /input "release"/],
    [
      { kubeconfig, command: 'helm', chart: './c', release: 'web', set: 'image.tag' },
      /^input "set": line 1: a key without a value/
    ],
    [
      { kubeconfig, command: 'helm', chart: './c', release: 'web', set: '# db\n\ndb.password=s3cr,et' },
      /^input "set": line 3 \(key "db.password"\): a key without a value/
    ],
    [
      { kubeconfig, command: 'helm', chart: '--post-renderer=x', release: 'web' },
      /input "chart": .* starts with "-"/
    ],
    [
      { kubeconfig, command: 'patch', 'patch-target': '-fdeploy/web', patch: '{}' },
      /input "patch-target": .* starts with "-"/
    ],
    [{ kubeconfig, command: 'kubectl' }, /input "args": is required/],
    [{ kubeconfig, manifests: 'a', 'force-conflicts': 'true' }, /input "force-conflicts"/],
    [{ kubeconfig, manifests: 'a', 'ready-conditions': 'cluster=Ready' }, /input "ready-conditions"/],
    [{ kubeconfig, manifests: 'a', 'failure-conditions': 'widget=Degraded' }, /input "failure-conditions"/],
    [{ kubeconfig, command: 'status' }, /input "selector"/],
    [{ kubeconfig, command: 'status', selector: 'app=web,,tier in (a' }, /input "selector": "tier in \(a"/]
  ])('rejects %p', (inputs, message) => {
    expect(() => getSettings(reader(inputs as Record<string, string>))).toThrow(message)
  })

  it('reads ready-conditions and failure-conditions per Kind.group, spelled as groupKind() spells kinds', () => {
    const settings = getSettings(
      reader({
        kubeconfig,
        manifests: 'a',
        'ready-conditions': 'Cluster.cluster.x-k8s.io=Ready\nWidget=Healthy',
        'failure-conditions': 'Cluster.cluster.x-k8s.io=Failed'
      })
    )
    expect(settings.wait.readyConditions).toEqual({
      'Cluster.cluster.x-k8s.io': 'Ready',
      Widget: 'Healthy'
    })
    expect(settings.wait.failureConditions).toEqual({ 'Cluster.cluster.x-k8s.io': 'Failed' })
  })

  it('adds the v to a version and strips a trailing slash from a mirror', () => {
    const settings = getSettings(
      reader({
        kubeconfig,
        manifests: 'a',
        'kubectl-version': '1.34.2',
        'kubectl-mirror': 'http://127.0.0.1:8080/k/'
      })
    )
    expect(settings.tools.kubectlVersion).toBe('v1.34.2')
    expect(settings.tools.kubectlMirror).toBe('http://127.0.0.1:8080/k')
  })
})
