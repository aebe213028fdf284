import type { CaseContext, HostileCase } from '../hostile-case.js'

/** A strategic-merge patch that carries a Secret's data. */
const secretPatch = (c: CaseContext): string => `stringData:\n  password: ${c.secrets.secretData}\n`

/**
 * Patch. Guards: `patch-target` is one `kind/name` and never an option (kubectl would read
 * `-secret/x` as `-s ecret/x`, another server); the body is checked before anything runs (no unknown
 * tag, no alias bomb, the shape its type needs); a Secret's data in the body reaches no log and no
 * argv (the body goes through a file), even when the server refuses the patch.
 */
export const patchCases: HostileCase[] = [
  {
    name: 'patch-target that starts with "-" (kubectl would read -s, another server)',
    inputs: c => ({ command: 'patch', 'patch-target': '-secret/hostile-creds', patch: secretPatch(c) }),
    error: /input "patch-target"/
  },
  {
    name: 'patch-target without a name',
    inputs: () => ({ command: 'patch', 'patch-target': 'configmap' }),
    error: /input "patch-target"/
  },
  {
    name: 'patch-target followed by a flag',
    inputs: () => ({ command: 'patch', 'patch-target': 'configmap/hostile-config --namespace=kube-system' }),
    error: /input "patch-target"/
  },
  {
    name: 'patch-target that does not exist, with Secret data in the body',
    inputs: c => ({ command: 'patch', 'patch-target': `secret/${c.marker}-missing`, patch: secretPatch(c) }),
    error: /input "patch-target"/
  },
  {
    name: 'patch that is not YAML',
    inputs: () => ({ command: 'patch', patch: 'data: {touched: [' }),
    error: /input "patch"/
  },
  {
    name: 'patch with an unknown YAML tag',
    inputs: () => ({ command: 'patch', patch: 'data: {touched: !vault secret/data/db}' }),
    error: /input "patch"/
  },
  {
    name: 'patch with an alias bomb',
    inputs: () => ({
      command: 'patch',
      patch: [
        'data:',
        '  a: &a ["x","x","x","x","x","x","x","x","x"]',
        ...'bcdefgh'
          .split('')
          .map((name, i) => `  ${name}: &${name} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`)
      ].join('\n')
    }),
    error: /input "patch"/
  },
  {
    name: 'patch-type json with a mapping for a body',
    inputs: () => ({ command: 'patch', 'patch-type': 'json', patch: 'data: {touched: "yes"}' }),
    error: /input "patch"/
  },
  {
    name: 'patch-type that kubectl patch does not have',
    inputs: () => ({ command: 'patch', 'patch-type': 'apply' }),
    error: /input "patch-type"/
  },
  {
    name: 'patch of a Secret that the server refuses (data not base64), with a password in stringData',
    inputs: c => ({
      command: 'patch',
      'patch-target': 'secret/hostile-creds',
      patch: `${secretPatch(c)}data:\n  broken: "%%% not base64 %%%"\n`
    }),
    error: /input "patch"/
  },
  {
    name: 'json patch of a Secret with its data base64-encoded and an operation that does not exist',
    inputs: c => ({
      command: 'patch',
      'patch-target': 'secret/hostile-creds',
      'patch-type': 'json',
      patch: JSON.stringify([
        { op: 'replace', path: '/data/a', value: Buffer.from(c.secrets.secretData).toString('base64') },
        { op: 'frobnicate', path: '/data/b' }
      ])
    }),
    error: /input "patch"/
  }
]

/**
 * Helm. Guards: `chart` and `release` are never options (`--post-renderer` would run a program);
 * `set` holds key=value lines whose values reach no log and no argv (they go through a values file),
 * even when the chart fails to render; values files are confined to the workspace like manifests.
 */
export const helmCases: HostileCase[] = [
  {
    name: 'chart that is a flag (--post-renderer)',
    inputs: () => ({ command: 'helm', chart: '--post-renderer=/bin/sh' }),
    error: /input "chart"/
  },
  {
    name: 'chart that starts with "-"',
    inputs: () => ({ command: 'helm', chart: '-charts/good' }),
    error: /input "chart"/
  },
  {
    name: 'release that is not a release name',
    inputs: () => ({ command: 'helm', release: 'Web_App' }),
    error: /input "release"/
  },
  {
    name: 'release that is a flag',
    inputs: () => ({ command: 'helm', release: '--dry-run' }),
    error: /input "release"/
  },
  {
    name: 'set line that is not key=value, after a secret one',
    inputs: c => ({ command: 'helm', set: `db.password=${c.secrets.setValue}\nnot-a-pair` }),
    error: /input "set"/
  },
  {
    name: 'set key that is a flag',
    inputs: c => ({ command: 'helm', set: `db.password=${c.secrets.setValue}\n--kubeconfig=/etc/passwd` }),
    error: /input "set"/
  },
  {
    name: 'chart whose template fails, with a secret in set',
    inputs: c => ({ command: 'helm', chart: './charts/failing', set: `db.password=${c.secrets.setValue}` }),
    error: /templates\/configmap\.yaml:\d+/
  },
  {
    name: 'values file outside the workspace',
    inputs: c => ({
      command: 'helm',
      values: '../outside/values.yaml',
      set: `db.password=${c.secrets.setValue}`
    }),
    error: /input "values"/
  }
]

/**
 * kubectl args. Guards: `command: kubectl` runs what the workflow asked, against the run's cluster and
 * as the run's identity: flags that change where or as whom kubectl connects, or that print the run's
 * credentials, are refused, and a token carried in them is not logged.
 */
export const kubectlArgsCases: HostileCase[] = [
  argsCase('args that name another kubeconfig', 'get configmaps --kubeconfig=/etc/passwd'),
  argsCase(
    'args that carry a server and a token',
    c => `get configmaps --server=https://127.0.0.1:1 --token=${c.secrets.argsToken}`
  ),
  argsCase('args with the short server flag', 'get configmaps -s https://127.0.0.1:1'),
  argsCase('args that switch TLS verification off', 'get configmaps --insecure-skip-tls-verify'),
  argsCase('args that impersonate another user', '--as=system:admin get secrets'),
  argsCase('args that pick another context', '--context=elsewhere get configmaps'),
  argsCase("args that print the run's kubeconfig", 'config view --raw'),
  argsCase('args with an unterminated quote', 'annotate configmap hostile-config "hostile/note=a b')
]

function argsCase(name: string, args: string | ((c: CaseContext) => string)): HostileCase {
  return {
    name,
    inputs: c => ({ command: 'kubectl', args: typeof args === 'string' ? args : args(c) }),
    error: /input "args"/
  }
}

/**
 * promote and abort. Guards: `target` is one `kind/name` of a kind the command acts on, never an
 * option nor a second argument; a Rollout that does not exist (or a cluster without Argo Rollouts) is
 * an error naming the input, and nothing is patched; `promote-full` only with promote.
 */
export const rolloutCommandCases: HostileCase[] = [
  {
    name: 'promote without a target',
    inputs: () => ({ command: 'promote' }),
    error: /input "target"/
  },
  {
    name: 'target that starts with "-"',
    inputs: () => ({ command: 'abort', target: '-rollout/web' }),
    error: /input "target"/
  },
  {
    name: 'target followed by a flag',
    inputs: () => ({ command: 'promote', target: 'rollout/web --namespace=kube-system' }),
    error: /input "target"/
  },
  {
    name: 'promote of a StatefulSet (Rollouts and Deployments with a canary only)',
    inputs: () => ({ command: 'promote', target: 'statefulset/hostile-web' }),
    error: /input "target": .*promote works on argoproj.io Rollouts/
  },
  {
    name: 'reject of a Deployment that does not exist',
    inputs: () => ({ command: 'reject', target: 'deployment/hostile-web' }),
    error: /deployment\/hostile-web has no new version to reject/
  },
  {
    name: 'abort of a Rollout that does not exist',
    inputs: c => ({ command: 'abort', target: `rollout/${c.marker}-missing` }),
    error: /input "target"/
  },
  {
    name: 'promote-full with abort',
    inputs: () => ({ command: 'abort', target: 'rollout/web', 'promote-full': 'true' }),
    error: /input "promote-full"/
  },
  {
    name: 'wait-until that is not ready or paused',
    inputs: () => ({ command: 'promote', target: 'rollout/web', 'wait-until': 'healthy' }),
    error: /input "wait-until"/
  }
]
