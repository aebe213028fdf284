import type { Mirror } from '../../../test/harness/mirror.js'
import type { TestCluster } from '../../../test/harness/test-cluster.js'
import type { ImpostorMirror } from './impostor-mirror.js'
import type { KnownSecret } from './secret-leaks.js'

/**
 * One row of the hostile-inputs table: inputs that must be refused with an error naming the input (or
 * the file and line), before the cluster changes and without any secret showing anywhere.
 */
export interface HostileCase {
  /** What is wrong with the inputs; the test's name. */
  name: string
  /** The inputs that differ from a valid run of the same command (see baseInputs). */
  inputs(c: CaseContext): Record<string, string>
  /** Files written into the workspace before the run, by path relative to it. */
  files?(c: CaseContext): Record<string, string | Buffer>
  /** Files written beside the workspace (in `outside`), by path relative to that folder. */
  outsideFiles?(c: CaseContext): Record<string, string | Buffer>
  /** Anything else to arrange before the run (links, folders). */
  arrange?(c: CaseContext): void
  /** What the `::error::` line must say: `input "<name>"`, or `<file>:<line>`. */
  error: RegExp
  /**
   * The tool whose download and verification the case is about: it is missing from the case's tool
   * cache (the other tools are there), so the step downloads it.
   */
  download?: 'kubectl' | 'helm'
  /** Needs the local cluster's CA and ServiceAccount tokens. */
  local?: boolean
  /** Problems only this case can see (an impostor tool that ran). */
  alsoCheck?(c: CaseContext): string[]
}

/** The secrets the suite hands the action; none may be seen after a run. */
export interface SuiteSecrets {
  /** A bearer token that no cluster knows. */
  fakeToken: string
  /** The password of a `server` URL (`https://user:password@host`). */
  urlPassword: string
  /** The password of a tool mirror URL. */
  mirrorPassword: string
  /** A helm `set` value. */
  setValue: string
  /** The data of a Secret in a patch body. */
  secretData: string
  /** A Secret's `stringData` in a manifest. */
  manifestPassword: string
  /** A token carried by `args`. */
  argsToken: string
}

/** What a case builds its inputs and files from. */
export interface CaseContext {
  cluster: TestCluster
  /** The namespace every case deploys to; its objects are compared before and after. */
  namespace: string
  /** Part of every other name a case uses (namespaces, CRDs, releases), so they can be told apart. */
  marker: string
  /** GITHUB_WORKSPACE and the step's working folder. */
  workspace: string
  /** A folder beside the workspace holding valid manifests, a kustomization and a chart. */
  outside: string
  /** The case's position in the table, for names of its own. */
  index: number
  secrets: SuiteSecrets
  /** Every secret searched for: the suite's own and the cluster's credentials. */
  known: KnownSecret[]
  /** The loopback mirror of the real tools, and their sha256. */
  mirror: Mirror
  digests: { kubectl: string; helm: string }
  impostors: ImpostorMirror
  /** The CA of the local cluster (PEM), for server + token access. */
  caPem: string
  /** The admin kubeconfig of the test cluster. */
  adminKubeconfig: string
}

/** A valid ConfigMap, different for every case: what the run would create if the input were accepted. */
export const acceptedManifest = (c: CaseContext): string => `accepted/case-${c.index}.yaml`

/** Server + token access to the local cluster as the deployer ServiceAccount, with its CA. */
export function tokenAccess(c: CaseContext): Record<string, string> {
  return {
    kubeconfig: '',
    server: c.cluster.server,
    token: c.cluster.deployerToken ?? '',
    'certificate-authority': c.caPem
  }
}

/**
 * A valid run of the command, which a case changes one input of. Each would change the cluster if it
 * ran: apply creates the case's own ConfigMap, patch and kubectl write the case's number into the
 * shared ConfigMap, helm installs a release of its own. Tools come from the loopback mirror, with their
 * digests pinned (the mirror is plain http, hence allow-insecure-mirror).
 */
export function baseInputs(c: CaseContext, command: string): Record<string, string> {
  const inputs: Record<string, string> = {
    kubeconfig: c.adminKubeconfig,
    namespace: c.namespace,
    'kubectl-version': c.cluster.kubectlVersion,
    'kubectl-mirror': c.mirror.kubectlUrl,
    'kubectl-sha256': c.digests.kubectl,
    'allow-insecure-mirror': 'true',
    timeout: '1m'
  }
  switch (command) {
    case 'patch':
      return {
        ...inputs,
        command,
        'patch-target': 'configmap/hostile-config',
        patch: `data: {touched: "case-${c.index}"}`
      }
    case 'helm':
      return {
        ...inputs,
        command,
        chart: './charts/good',
        release: `${c.marker}-case-${c.index}`,
        'helm-version': c.cluster.helmVersion,
        'helm-mirror': c.mirror.helmUrl,
        'helm-sha256': c.digests.helm
      }
    case 'kubectl':
      return {
        ...inputs,
        command,
        args: `annotate configmap hostile-config hostile/touched=case-${c.index} --overwrite`
      }
    default:
      return { ...inputs, manifests: acceptedManifest(c) }
  }
}

export function configMapYaml(name: string, data: Record<string, string> = { key: 'value' }): string {
  const lines = Object.entries(data).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`)
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${lines.join('\n')}\n`
}
