import { getSettings } from '../src/inputs.js'
import { DEFAULT_HELM_VERSION, DEFAULT_KUBECTL_VERSION } from '../src/tool-installers/versions.js'

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
const kubeconfig = 'apiVersion: v1\nkind: Config\n'

describe('getSettings', () => {
  it('applies the documented defaults', () => {
    const settings = getSettings(reader({ kubeconfig, manifests: 'k8s/\n# a comment\n\n  app.yaml  ' }))
    expect(settings.command).toBe('apply')
    expect(settings.apply.manifests).toEqual(['k8s/', 'app.yaml'])
    expect(settings.tools.kubectlVersion).toBe(DEFAULT_KUBECTL_VERSION)
    expect(settings.tools.kubectlMirror).toBe('https://dl.k8s.io/release')
    expect(settings.tools).toMatchObject({ kubectlSha256: undefined, allowInsecureMirror: false })
    expect(settings.wait).toMatchObject({ enabled: true, timeoutSeconds: 300, failFast: true })
    expect(settings.rollbackOnFailure).toBe(false)
    expect(settings.dryRun).toBe(false)
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
    [
      { kubeconfig, command: 'kubectl', args: 'get pods', 'dry-run': 'true' },
      /input "dry-run": does not apply to `command: kubectl`/
    ],
    [{ kubeconfig, manifests: 'a', 'dry-run': 'perhaps' }, /input "dry-run": "perhaps" is not a boolean/],
    [{ kubeconfig, manifests: 'a', command: 'deploy' }, /input "command": "deploy" is not one of/],
    [{ kubeconfig, manifests: 'a', wait: 'maybe' }, /input "wait": "maybe" is not a boolean/],
    [{ kubeconfig, manifests: 'a', timeout: '5 minutes' }, /input "timeout"/],
    [
      { kubeconfig, manifests: 'a', 'kubectl-version': 'latest' },
      /input "kubectl-version": "latest" is not an exact version/
    ],
    [{ kubeconfig, manifests: 'a', 'kubectl-mirror': 'ftp://x' }, /input "kubectl-mirror"/],
    [
      { kubeconfig, manifests: 'a', 'helm-mirror': 'http://10.0.0.5/helm' },
      /input "helm-mirror": "http:\/\/10.0.0.5\/helm" is plain http: .*`allow-insecure-mirror: true`/
    ],
    [
      { kubeconfig, manifests: 'a', 'allow-insecure-mirror': 'sure' },
      /input "allow-insecure-mirror": "sure" is not a boolean/
    ],
    [
      { kubeconfig, manifests: 'a', 'kubectl-sha256': 'abc' },
      /input "kubectl-sha256": "abc" is not a sha256 digest \(64 hexadecimal characters\)/
    ],
    [{ kubeconfig, manifests: 'a', 'helm-sha256': 'z'.repeat(64) }, /input "helm-sha256"/],
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
    [
      { kubeconfig, manifests: 'a', 'server-side': 'false', 'force-conflicts': 'true' },
      /input "force-conflicts"/
    ],
    [{ kubeconfig, manifests: 'a', 'ready-conditions': 'cluster=Ready' }, /input "ready-conditions"/],
    [{ kubeconfig, manifests: 'a', 'failure-conditions': 'widget=Degraded' }, /input "failure-conditions"/],
    [{ kubeconfig, command: 'status' }, /input "selector"/],
    [{ kubeconfig, command: 'status', selector: 'app=web,,tier in (a' }, /input "selector": "tier in \(a"/],
    [
      { server: 'https://x:6443', token: 'abc\nX-Injected: 1', manifests: 'a.yaml' },
      /input "token": holds spaces, line breaks/
    ],
    [
      { kubeconfig, command: 'kubectl', args: 'get pods --kubeconfig=/etc/x' },
      /input "args": --kubeconfig is not/
    ],
    [{ kubeconfig, command: 'kubectl', args: 'get pods -s https://elsewhere' }, /input "args": -s is not/],
    [{ kubeconfig, command: 'kubectl', args: 'get pods --token abc' }, /input "args": --token is not/],
    [{ kubeconfig, command: 'kubectl', args: '--as=system:admin get secrets' }, /input "args": --as is not/],
    [
      { kubeconfig, command: 'kubectl', args: 'get cm --insecure-skip-tls-verify' },
      /input "args": --insecure/
    ],
    [{ kubeconfig, command: 'kubectl', args: '--context other get cm' }, /input "args": --context is not/],
    [{ kubeconfig, command: 'kubectl', args: 'config view --raw' }, /input "args": kubectl config is not/]
  ])('rejects %p', (inputs, message) => {
    expect(() => getSettings(reader(inputs as Record<string, string>))).toThrow(message)
  })

  const token = { server: 'https://k8s.example:6443', token: 't', manifests: 'a.yaml' }
  it.each([
    // namespace: a DNS label, or it would change the API paths it goes into
    [
      { kubeconfig, manifests: 'a', namespace: 'shop?dryRun=' },
      /input "namespace": "shop\?dryRun=" is not a namespace name/
    ],
    [{ kubeconfig, manifests: 'a', namespace: 'shop#x' }, /input "namespace"/],
    [{ kubeconfig, manifests: 'a', namespace: '../kube-system' }, /input "namespace"/],
    [{ kubeconfig, manifests: 'a', namespace: 'Shop' }, /input "namespace"/],
    [{ kubeconfig, manifests: 'a', namespace: 'a'.repeat(64) }, /input "namespace"/],
    // timeout: at most the length of a job
    [
      { kubeconfig, manifests: 'a', timeout: '999999h' },
      /input "timeout": "999999h" is longer than the maximum, 6h/
    ],
    [{ kubeconfig, manifests: 'a', timeout: '6h1s' }, /input "timeout"/],
    [{ kubeconfig, manifests: 'a', timeout: '21601' }, /input "timeout"/],
    // images: references the kubelet can parse
    [
      { kubeconfig, manifests: 'a', images: 'ghcr.io/Acme/Web:1' },
      /input "images": "ghcr.io\/Acme\/Web:1" is not an image reference: it has path component "Acme"/
    ],
    [{ kubeconfig, manifests: 'a', images: 'web:1.0 beta' }, /input "images": .* holds white space/],
    [
      { kubeconfig, manifests: 'a', images: 'web@sha256:abc' },
      /input "images": .*sha256 takes 64 lowercase hex digits/
    ],
    [{ kubeconfig, manifests: 'a', images: 'web:-1' }, /input "images": .*has tag "-1"/],
    [{ kubeconfig, manifests: 'a', images: 'web:1?x' }, /input "images"/],
    // server: https unless said otherwise; verification off only without a CA
    [
      { ...token, server: 'http://k8s.example:8080' },
      /input "server": "http:\/\/k8s.example:8080" is plain http.*allow-insecure-server/
    ],
    [
      { ...token, 'certificate-authority': 'PEM', 'insecure-skip-tls-verify': 'true' },
      /input "insecure-skip-tls-verify": cannot be true together with `certificate-authority`/
    ],
    [
      { ...token, 'insecure-skip-tls-verify': 'true', 'allow-insecure-server': 'true' },
      /input "allow-insecure-server": only applies to an http/
    ],
    [
      {
        ...token,
        server: 'http://k8s.example',
        'allow-insecure-server': 'true',
        'certificate-authority': 'PEM'
      },
      /input "certificate-authority": only applies to an https/
    ],
    [
      { kubeconfig, manifests: 'a', 'allow-outside-workspace': 'maybe' },
      /input "allow-outside-workspace": "maybe" is not a boolean/
    ]
  ])('checks before anything runs: rejects %p', (inputs, message) => {
    expect(() => getSettings(reader(inputs as Record<string, string>), () => undefined)).toThrow(message)
  })

  it.each(['shop', 'a', 'team-1', 'a'.repeat(63)])('takes the namespace %p', namespace => {
    expect(getSettings(reader({ kubeconfig, manifests: 'a', namespace })).namespace).toBe(namespace)
  })

  it.each([
    'nginx',
    'nginx:1.27',
    'docker.io/library/nginx:1.27-alpine',
    'localhost:5000/app',
    'registry.example:5000/team/app_name__x/y-z:v1.2.3_rc',
    `ghcr.io/acme/web:1.4.2@sha256:${'a'.repeat(64)}`,
    `ghcr.io/acme/web@sha256:${'0'.repeat(64)}`,
    '[::1]:5000/app:1'
  ])('takes the image reference %p', image => {
    expect(getSettings(reader({ kubeconfig, manifests: 'a', images: image })).apply.images).toEqual([image])
  })

  it('takes a timeout of exactly the maximum', () => {
    expect(getSettings(reader({ kubeconfig, manifests: 'a', timeout: '6h' })).wait.timeoutSeconds).toBe(21600)
  })

  it('warns when TLS verification is off, and takes http only when allowed, with a warning', () => {
    const warnings: string[] = []
    const insecure = getSettings(reader({ ...token, 'insecure-skip-tls-verify': 'true' }), message =>
      warnings.push(message)
    )
    expect(insecure.access).toMatchObject({ method: 'token', insecureSkipTlsVerify: true })
    const http = getSettings(
      reader({ ...token, server: 'http://127.0.0.1:8080', 'allow-insecure-server': 'true' }),
      message => warnings.push(message)
    )
    expect(http.access).toMatchObject({ server: 'http://127.0.0.1:8080' })
    expect(warnings).toEqual([
      expect.stringMatching(/^input "insecure-skip-tls-verify": TLS verification is off/),
      expect.stringMatching(/^input "server": http:\/\/127.0.0.1:8080 is plain http/)
    ])
    const quiet: string[] = []
    getSettings(reader({ ...token, 'certificate-authority': 'PEM' }), message => quiet.push(message))
    expect(quiet).toEqual([])
  })

  it('keeps manifests inside the workspace unless allow-outside-workspace is true', () => {
    expect(getSettings(reader({ kubeconfig, manifests: 'a' })).apply.allowOutsideWorkspace).toBe(false)
    expect(
      getSettings(reader({ kubeconfig, manifests: 'a', 'allow-outside-workspace': 'true' })).apply
        .allowOutsideWorkspace
    ).toBe(true)
  })

  it('never echoes a credential of a server URL in its errors', () => {
    expect(() =>
      getSettings(reader({ server: 'http://admin:hunter2@10.0.0.1:6443', token: 't', manifests: 'a.yaml' }))
    ).toThrow(/^(?!.*hunter2).*input "server": "http:\/\/10\.0\.0\.1:6443" is plain http/)
  })

  it('lets kubectl args through when they only say what to do', () => {
    const settings = getSettings(
      reader({
        kubeconfig,
        command: 'kubectl',
        args: 'rollout restart deployment/web -n shop --selector app=x'
      })
    )
    expect(settings.kubectlArgs).toEqual([
      'rollout',
      'restart',
      'deployment/web',
      '-n',
      'shop',
      '--selector',
      'app=x'
    ])
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
        'kubectl-mirror': 'https://mirror.example.com/k/'
      })
    )
    expect(settings.tools.kubectlVersion).toBe('v1.34.2')
    expect(settings.tools.kubectlMirror).toBe('https://mirror.example.com/k')
  })

  it('takes a plain-http mirror only with allow-insecure-mirror, and digests in lower case', () => {
    const settings = getSettings(
      reader({
        kubeconfig,
        manifests: 'a',
        'kubectl-mirror': 'http://127.0.0.1:8080/k/',
        'helm-mirror': 'http://127.0.0.1:8080/h',
        'allow-insecure-mirror': 'true',
        'kubectl-sha256': 'AB'.repeat(32),
        'helm-sha256': 'cd'.repeat(32)
      })
    )
    expect(settings.tools).toEqual({
      kubectlVersion: DEFAULT_KUBECTL_VERSION,
      kubectlMirror: 'http://127.0.0.1:8080/k',
      kubectlSha256: 'ab'.repeat(32),
      helmVersion: DEFAULT_HELM_VERSION,
      helmMirror: 'http://127.0.0.1:8080/h',
      helmSha256: 'cd'.repeat(32),
      allowInsecureMirror: true
    })
  })
})

describe('getSettings: parameters and provenance', () => {
  it('reads parameters, and annotates by default with the environment given', () => {
    const settings = getSettings(
      reader({
        kubeconfig,
        manifests: 'a.yaml',
        parameters: 'env=prod\nurl=https://x/?a=b',
        environment: 'prod'
      })
    )
    expect([...settings.apply.parameters]).toEqual([
      ['env', 'prod'],
      ['url', 'https://x/?a=b']
    ])
    expect(settings.apply.provenance).toEqual({ annotate: true, environment: 'prod' })
  })
  it('turns the annotations off with annotate: false', () => {
    const settings = getSettings(reader({ kubeconfig, manifests: 'a.yaml', annotate: 'false' }))
    expect(settings.apply.provenance).toEqual({ annotate: false, environment: undefined })
  })
  it.each([
    [{ parameters: 'env' }, /input "parameters": line 1: is not key=value/],
    [{ annotate: 'sometimes' }, /input "annotate": "sometimes" is not a boolean/],
    [
      { command: 'helm', chart: './c', release: 'web', parameters: 'a=b' },
      /input "parameters": apply to manifests, kustomize and the patch body, not to `command: helm` \(use `set`\)/
    ],
    [
      { command: 'kubectl', args: 'get pods', parameters: 'a=b' },
      /input "parameters": .*not to `command: kubectl`/
    ]
  ])('refuses %p naming the input', (inputs, message) => {
    expect(() => getSettings(reader({ kubeconfig, manifests: 'a.yaml', ...inputs }))).toThrow(message)
  })
})

describe('getSettings: target, promote-full, wait-until', () => {
  it('reads promote and abort on a target, and wait-until', () => {
    const promote = getSettings(
      reader({
        kubeconfig,
        command: 'promote',
        target: 'rollout/web',
        'promote-full': 'true',
        'wait-until': 'paused'
      })
    )
    expect(promote).toMatchObject({ command: 'promote', target: 'rollout/web', promoteFull: true })
    expect(promote.wait.until).toBe('paused')
    const abort = getSettings(reader({ kubeconfig, command: 'abort', target: 'rollouts.argoproj.io/web' }))
    expect(abort).toMatchObject({ command: 'abort', target: 'rollouts.argoproj.io/web', promoteFull: false })
    expect(abort.wait.until).toBe('ready')
    expect(getSettings(reader({ kubeconfig, command: 'status', target: 'ro/web' })).target).toBe('ro/web')
  })

  it.each([
    [{ command: 'promote' }, /input "target": is required with `command: promote`, e.g. rollout\/web/],
    [{ command: 'abort' }, /input "target": is required with `command: abort`/],
    [{ command: 'promote', target: 'web' }, /input "target": "web" is not of the form kind\/name/],
    [{ command: 'abort', target: '-rollout/web' }, /input "target": .* starts with "-"/],
    [
      { manifests: 'a', target: 'rollout/web' },
      /input "target": only applies with `command: promote`, `abort`, `reject` or `status`, or `strategy: canary`/
    ],
    [
      { command: 'abort', target: 'rollout/web', 'promote-full': 'true' },
      /input "promote-full": only applies with `command: promote`/
    ],
    [
      { command: 'promote', target: 'rollout/web', 'promote-full': 'all' },
      /input "promote-full": "all" is not a boolean/
    ],
    [{ manifests: 'a', 'wait-until': 'healthy' }, /input "wait-until": "healthy" is not one of ready, paused/]
  ])('rejects %p', (inputs, message) => {
    expect(() => getSettings(reader({ kubeconfig, ...inputs }), () => undefined)).toThrow(message)
  })
})

describe('getSettings: strategy, canary-replicas, reject', () => {
  it('defaults to a rolling apply with a canary of 1', () => {
    expect(getSettings(reader({ kubeconfig, manifests: 'a' }))).toMatchObject({
      strategy: 'rolling',
      canaryReplicas: { count: 1 }
    })
  })

  it.each([
    ['2', { count: 2 }],
    ['25%', { percent: 25 }],
    ['100%', { percent: 100 }]
  ])('reads canary-replicas %s', (value, expected) => {
    const settings = getSettings(
      reader({ kubeconfig, manifests: 'a', strategy: 'canary', 'canary-replicas': value })
    )
    expect(settings).toMatchObject({ strategy: 'canary', canaryReplicas: expected })
  })

  it('reads a canary of the Deployment target names, and reject on a target', () => {
    const canary = getSettings(
      reader({ kubeconfig, manifests: 'a', strategy: 'canary', target: 'deployment/web' })
    )
    expect(canary.target).toBe('deployment/web')
    expect(getSettings(reader({ kubeconfig, command: 'reject', target: 'deployment/web' }))).toMatchObject({
      command: 'reject',
      target: 'deployment/web'
    })
  })

  it.each([
    [
      { manifests: 'a', strategy: 'canary', 'canary-replicas': '0' },
      /input "canary-replicas": "0" is not a whole number/
    ],
    [{ manifests: 'a', strategy: 'canary', 'canary-replicas': '150%' }, /input "canary-replicas": "150%"/],
    [{ manifests: 'a', strategy: 'canary', 'canary-replicas': '1.5' }, /input "canary-replicas": "1.5"/],
    [
      { manifests: 'a', 'canary-replicas': '2' },
      /input "canary-replicas": only applies with `strategy: canary`/
    ],
    [
      { manifests: 'a', strategy: 'fast' },
      /input "strategy": "fast" is not one of rolling, canary, blue-green/
    ],
    [
      { command: 'patch', 'patch-target': 'deployment/web', patch: 'a: 1', strategy: 'canary' },
      /input "strategy": canary only applies with `command: apply`/
    ],
    [
      { manifests: 'a', strategy: 'canary', prune: 'true' },
      /input "prune": does not apply with `strategy: canary`/
    ],
    [{ command: 'reject' }, /input "target": is required with `command: reject`, e.g. deployment\/web/]
  ])('rejects %p', (inputs, message) => {
    expect(() => getSettings(reader({ kubeconfig, ...inputs }), () => undefined)).toThrow(message)
  })
})

describe('getSettings: strategy, scale-down-delay, service, reject', () => {
  it('defaults to a rolling apply, a 30s scale-down delay and the Service found by its selector', () => {
    const settings = getSettings(reader({ kubeconfig, manifests: 'k8s/' }))
    expect(settings.strategy).toBe('rolling')
    expect(settings.blueGreen).toEqual({ service: undefined, scaleDownDelaySeconds: 30 })
  })

  it('reads blue-green with its Service, and promote and reject with a delay', () => {
    const apply = getSettings(
      reader({ kubeconfig, manifests: 'k8s/', strategy: 'blue-green', service: 'web' })
    )
    expect(apply).toMatchObject({ strategy: 'blue-green', blueGreen: { service: 'web' } })
    const promote = getSettings(
      reader({ kubeconfig, command: 'promote', target: 'deployment/web', 'scale-down-delay': '2m' })
    )
    expect(promote.blueGreen.scaleDownDelaySeconds).toBe(120)
    const reject = getSettings(reader({ kubeconfig, command: 'reject', target: 'deploy/web' }))
    expect(reject).toMatchObject({ command: 'reject', target: 'deploy/web' })
  })

  it.each([
    [{ strategy: 'recreate' }, /input "strategy": "recreate" is not one of rolling, canary, blue-green/],
    [
      { command: 'patch', 'patch-target': 'deployment/web', patch: 'x: 1', strategy: 'blue-green' },
      /input "strategy": blue-green applies with `command: apply`/
    ],
    [
      { strategy: 'blue-green', prune: 'true', applyset: 'web' },
      /input "prune": does not go with `strategy: blue-green`/
    ],
    [{ service: 'web' }, /input "service": only applies with `strategy: blue-green`/],
    [{ strategy: 'blue-green', service: 'Web_1' }, /input "service": "Web_1" is not a Service name/],
    [{ 'scale-down-delay': 'soon' }, /input "scale-down-delay": "soon" is not a duration/],
    [{ command: 'reject' }, /input "target": is required with `command: reject`, e.g. deployment\/web/]
  ])('rejects %j', (inputs, message) => {
    expect(() => getSettings(reader({ kubeconfig, manifests: 'k8s/', ...inputs }))).toThrow(message)
  })
})
