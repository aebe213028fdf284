/**
 * Variables a child process (kubectl, helm, a kubectl plugin) may inherit from the action's own
 * environment. Nothing else passes: the runner hands the action its inputs as INPUT_* (the token, the
 * kubeconfig), its own ACTIONS_* tokens and often GITHUB_TOKEN, and none of that is the child's
 * business. HELM_KUBETOKEN, HELM_KUBECONTEXT and the like would even point helm at another cluster.
 */
const INHERITED = new Set([
  'PATH',
  'HOME',
  'TMPDIR',
  'TEMP',
  'TMP',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  // Where helm keeps repositories, registry logins and plugins: paths only, needed for `repo/chart`
  // after a `helm repo add` step that moved them.
  'HELM_CACHE_HOME',
  'HELM_CONFIG_HOME',
  'HELM_DATA_HOME',
  'HELM_REPOSITORY_CONFIG',
  'HELM_REPOSITORY_CACHE',
  'HELM_REGISTRY_CONFIG',
  'HELM_PLUGINS'
])

/**
 * Credentials of the clouds whose exec credential plugins a kubeconfig names (`aws eks get-token`,
 * `gke-gcloud-auth-plugin`, `kubelogin`): kubectl and helm run the plugin with their own environment,
 * so a kubeconfig of an EKS, GKE or AKS cluster works only if these reach them. They are the job's
 * own cloud credentials, set for the tools of the job (e.g. by a configure-credentials step); the
 * action's inputs and the runner's tokens are not among them.
 */
const INHERITED_PREFIXES = ['AWS_', 'AZURE_', 'AAD_', 'ARM_', 'GOOGLE_', 'CLOUDSDK_']

/**
 * Windows programs need a few of the system's own variables (Go's networking and crypto fail without
 * SystemRoot; helm finds its folders through the profile variables). None of them holds a secret.
 */
const INHERITED_ON_WINDOWS = new Set([
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'PROGRAMDATA'
])

/**
 * The whole environment of a child: the few inherited variables that are set, then `own` (the run's
 * KUBECONFIG, KUBECACHEDIR, ...), which wins over anything inherited.
 */
export function childEnvironment(
  own: Record<string, string>,
  parent: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined) continue
    // Windows names are case-insensitive (`Path`, `SystemRoot`); elsewhere the case is the variable.
    const key = platform === 'win32' ? name.toUpperCase() : name
    const inherited =
      INHERITED.has(key) ||
      INHERITED_PREFIXES.some(prefix => key.startsWith(prefix)) ||
      (platform === 'win32' && INHERITED_ON_WINDOWS.has(key))
    if (inherited) env[name] = value
  }
  return { ...env, ...own }
}
