/** Names of the action's inputs, outputs and saved state: the public contract of action.yml. */

export enum Inputs {
  Kubeconfig = 'kubeconfig',
  Server = 'server',
  Token = 'token',
  CertificateAuthority = 'certificate-authority',
  InsecureSkipTlsVerify = 'insecure-skip-tls-verify',
  Context = 'context',
  Namespace = 'namespace',
  Command = 'command',
  Args = 'args',
  Manifests = 'manifests',
  Kustomize = 'kustomize',
  Images = 'images',
  ServerSide = 'server-side',
  ForceConflicts = 'force-conflicts',
  PatchTarget = 'patch-target',
  Patch = 'patch',
  PatchType = 'patch-type',
  Chart = 'chart',
  Release = 'release',
  ChartVersion = 'chart-version',
  Values = 'values',
  Set = 'set',
  HelmVersion = 'helm-version',
  KubectlVersion = 'kubectl-version',
  KubectlMirror = 'kubectl-mirror',
  HelmMirror = 'helm-mirror',
  KubectlSha256 = 'kubectl-sha256',
  HelmSha256 = 'helm-sha256',
  AllowInsecureMirror = 'allow-insecure-mirror',
  Wait = 'wait',
  Timeout = 'timeout',
  Selector = 'selector',
  FailFast = 'fail-fast',
  ReadyConditions = 'ready-conditions',
  FailureConditions = 'failure-conditions',
  RollbackOnFailure = 'rollback-on-failure',
  AllowOutsideWorkspace = 'allow-outside-workspace',
  AllowInsecureServer = 'allow-insecure-server',
  Parameters = 'parameters',
  Annotate = 'annotate',
  Environment = 'environment',
  DryRun = 'dry-run',
  Prune = 'prune',
  ApplySet = 'applyset',
  Kinds = 'kinds',
  Propagation = 'propagation',
  Target = 'target',
  PromoteFull = 'promote-full',
  WaitUntil = 'wait-until',
  Strategy = 'strategy',
  ScaleDownDelay = 'scale-down-delay',
  Service = 'service',
  CanaryReplicas = 'canary-replicas'
}

/** The longest `timeout`: a job on a GitHub-hosted runner ends after 6 hours anyway. */
export const MAX_TIMEOUT = '6h'
export const MAX_TIMEOUT_SECONDS = 6 * 60 * 60

export enum Outputs {
  Status = 'status',
  Resources = 'resources',
  Images = 'images',
  DurationSeconds = 'duration-seconds',
  Diff = 'diff',
  Changed = 'changed',
  BlueGreen = 'blue-green',
  Canary = 'canary'
}

export enum State {
  /** Directory the main step wrote the kubeconfig and scratch files into; the post step removes it. */
  WorkDir = 'work-dir'
}

/** The action's version (package.json's, which a test keeps in step): how it names itself to other tools. */
export const ACTION_VERSION = '0.1.0'
