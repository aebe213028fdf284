import { tokenAccess, type CaseContext, type HostileCase } from '../hostile-case.js'

/**
 * Cluster access. Guards: credentials are checked before anything uses them, an error names the input
 * without quoting what it holds, TLS is never weakened by accident (plain http needs
 * `allow-insecure-server`, a CA together with `insecure-skip-tls-verify` is a contradiction), and the
 * namespace cannot become something other than one DNS-1123 label (a flag, a path).
 */
export const accessCases: HostileCase[] = [
  {
    name: 'kubeconfig that is not YAML, with a token in it',
    inputs: c => ({
      kubeconfig: `apiVersion: v1\nusers:\n- name: u\n  user: {token: "${c.secrets.fakeToken}"\n  broken: [\n`
    }),
    error: /input "kubeconfig"/
  },
  {
    name: 'kubeconfig that is a YAML list',
    inputs: c => ({ kubeconfig: `- ${c.secrets.fakeToken}\n- another\n` }),
    error: /input "kubeconfig"/
  },
  {
    name: 'kubeconfig whose context names a cluster it does not define',
    inputs: c => ({ kubeconfig: kubeconfigYaml(c, { cluster: 'missing' }) }),
    error: /input "kubeconfig"/
  },
  {
    name: 'kubeconfig whose cluster is served over plain http',
    inputs: c => ({ kubeconfig: kubeconfigYaml(c, { server: plainHttp(c.cluster.server) }) }),
    error: /input "(kubeconfig|allow-insecure-server)"/
  },
  {
    name: 'context the kubeconfig does not have',
    inputs: () => ({ context: 'no-such-context' }),
    error: /input "context"/
  },
  {
    name: 'kubeconfig and server + token together',
    inputs: c => ({ server: c.cluster.server, token: c.secrets.fakeToken }),
    error: /input "kubeconfig"/
  },
  {
    name: 'server without a token',
    inputs: c => ({ ...tokenAccess(c), token: '' }),
    error: /input "token"/
  },
  {
    name: 'token without a server',
    inputs: c => ({ ...tokenAccess(c), server: '', token: c.secrets.fakeToken }),
    error: /input "server"/
  },
  {
    name: 'server that is not a URL',
    inputs: c => ({ ...tokenAccess(c), server: new URL(c.cluster.server).host }),
    error: /input "server"/
  },
  {
    name: 'plain http server, with a password in its URL, without allow-insecure-server',
    inputs: c => ({
      ...tokenAccess(c),
      server: withPassword(plainHttp(c.cluster.server), c.secrets.urlPassword),
      'certificate-authority': ''
    }),
    error: /input "(server|allow-insecure-server)"/
  },
  {
    name: 'https server with a password in its URL, with a CA and insecure-skip-tls-verify',
    inputs: c => ({
      ...tokenAccess(c),
      server: withPassword(c.cluster.server, c.secrets.urlPassword),
      'insecure-skip-tls-verify': 'true'
    }),
    error: /input "(certificate-authority|insecure-skip-tls-verify)"/
  },
  {
    name: 'certificate-authority and insecure-skip-tls-verify together',
    inputs: c => ({ ...tokenAccess(c), 'insecure-skip-tls-verify': 'true' }),
    error: /input "(certificate-authority|insecure-skip-tls-verify)"/
  },
  {
    name: 'certificate-authority that is neither PEM nor base64 of PEM',
    inputs: c => ({ ...tokenAccess(c), 'certificate-authority': 'not a certificate' }),
    error: /input "certificate-authority"/
  },
  {
    name: 'certificate-authority with PEM markers around garbage',
    inputs: c => ({
      ...tokenAccess(c),
      'certificate-authority':
        '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n'
    }),
    error: /input "certificate-authority"/
  },
  {
    name: 'certificate-authority given with a kubeconfig',
    inputs: c => ({ 'certificate-authority': c.caPem }),
    error: /input "certificate-authority"/
  },
  {
    name: 'insecure-skip-tls-verify that is not a boolean',
    inputs: c => ({ ...tokenAccess(c), 'certificate-authority': '', 'insecure-skip-tls-verify': 'maybe' }),
    error: /input "insecure-skip-tls-verify"/
  },
  {
    name: 'allow-insecure-server that is not a boolean',
    inputs: c => ({ ...tokenAccess(c), 'allow-insecure-server': 'sometimes' }),
    error: /input "allow-insecure-server"/
  },
  {
    name: 'context given with server + token',
    inputs: c => ({ ...tokenAccess(c), context: 'kube-deploy' }),
    error: /input "context"/
  },
  {
    name: 'token with a line break (a header injection)',
    inputs: c => ({ ...tokenAccess(c), token: `${c.secrets.fakeToken}\nX-Injected: 1` }),
    error: /input "token"/
  },
  {
    name: 'namespace that is not a DNS-1123 label',
    inputs: () => ({ namespace: 'Bad_Namespace' }),
    error: /input "namespace"/
  },
  {
    name: 'namespace that is a kubectl flag',
    inputs: () => ({ namespace: '--all-namespaces' }),
    error: /input "namespace"/
  },
  {
    name: 'namespace with a path in it',
    inputs: c => ({ namespace: `${c.namespace}/../kube-system` }),
    error: /input "namespace"/
  },
  {
    name: 'namespace of 64 characters',
    inputs: c => ({ namespace: `${c.marker}-${'n'.repeat(64)}`.slice(0, 64) }),
    error: /input "namespace"/
  }
]

/** A kubeconfig with a fake token, whose server or context's cluster can be changed. */
function kubeconfigYaml(c: CaseContext, change: { server?: string; cluster?: string }): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: local',
    '  cluster:',
    `    server: ${change.server ?? c.cluster.server}`,
    'users:',
    '- name: someone',
    `  user: {token: ${c.secrets.fakeToken}}`,
    'contexts:',
    '- name: here',
    `  context: {cluster: ${change.cluster ?? 'local'}, user: someone}`,
    'current-context: here',
    ''
  ].join('\n')
}

const plainHttp = (server: string): string => server.replace(/^https:/, 'http:')

function withPassword(server: string, password: string): string {
  const url = new URL(server)
  url.username = 'deployer'
  url.password = password
  return url.toString().replace(/\/$/, '')
}
