import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

/**
 * The cluster the e2e tests use: the local control plane from test/cluster (its cluster.json), or a
 * cluster named explicitly by KUBE_DEPLOY_TEST_KUBECONFIG (a kubeconfig file, e.g. kind on a runner).
 * Never the ambient KUBECONFIG or current context.
 */
export interface TestCluster {
  /** The local control plane of test/cluster (its CA, tokens, mirror and kwok stages are available). */
  local: boolean
  kubeconfigFile: string
  server: string
  kubernetesVersion?: string
  caFile?: string
  deployerToken?: string
  readerToken?: string
  readerNamespace?: string
  mirrorDir?: string
  kubectlVersion: string
  helmVersion: string
  kubectl: string
  helm: string
  actionlint?: string
}

interface ClusterJson {
  kubeconfig: string
  server: string
  kubernetesVersion: string
  caFile: string
  deployerTokenFile: string
  readerTokenFile: string
  readerNamespace: string
  mirrorDir: string
  kubectlVersion: string
  helmVersion: string
  bin: { kubectl: string; helm: string; actionlint: string; kwokctl: string }
}

export const repoRoot = path.resolve(import.meta.dirname, '../..')

export function clusterJsonPath(): string {
  return path.join(
    process.env.KUBE_DEPLOY_CACHE || path.join(os.homedir(), '.cache', 'kube-deploy'),
    'cluster',
    'state',
    'cluster.json'
  )
}

/**
 * Whether the tests run against the local control plane, known before any test is defined (so a
 * test that needs it can be skipped by name rather than pass without checking anything).
 */
export function isLocalCluster(): boolean {
  return !process.env.KUBE_DEPLOY_TEST_KUBECONFIG
}

export function loadTestCluster(): TestCluster {
  const external = process.env.KUBE_DEPLOY_TEST_KUBECONFIG
  if (external) {
    return {
      local: false,
      kubeconfigFile: external,
      server: execFileSync('kubectl', [
        '--kubeconfig',
        external,
        'config',
        'view',
        '--minify',
        '-o',
        'jsonpath={.clusters[0].cluster.server}'
      ]).toString(),
      kubectlVersion: process.env.KUBE_DEPLOY_TEST_KUBECTL_VERSION ?? 'v1.33.13',
      helmVersion: process.env.KUBE_DEPLOY_TEST_HELM_VERSION ?? 'v3.19.5',
      kubectl: 'kubectl',
      helm: 'helm'
    }
  }
  return loadLocalCluster(clusterJsonPath())
}

/** A local control plane that test/cluster/up.sh started, from the cluster.json it wrote. */
export function loadLocalCluster(file: string): TestCluster {
  if (!existsSync(file)) throw new Error(`no local cluster (${file} is missing): run npm run cluster:up`)
  const json = JSON.parse(readFileSync(file, 'utf8')) as ClusterJson
  return {
    local: true,
    kubeconfigFile: json.kubeconfig,
    server: json.server,
    kubernetesVersion: json.kubernetesVersion,
    caFile: json.caFile,
    deployerToken: readFileSync(json.deployerTokenFile, 'utf8').trim(),
    readerToken: readFileSync(json.readerTokenFile, 'utf8').trim(),
    readerNamespace: json.readerNamespace,
    mirrorDir: json.mirrorDir,
    kubectlVersion: json.kubectlVersion,
    helmVersion: json.helmVersion,
    kubectl: json.bin.kubectl,
    helm: json.bin.helm,
    actionlint: json.bin.actionlint
  }
}

/** Runs the cluster's own kubectl as the admin, for arranging and checking what the tests need. */
export function admin(cluster: TestCluster, args: string[], input?: string): string {
  return execFileSync(cluster.kubectl, ['--kubeconfig', cluster.kubeconfigFile, ...args], {
    input,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() },
    stdio: ['pipe', 'pipe', 'pipe']
  }).toString()
}

export function adminJson<T>(cluster: TestCluster, args: string[]): T {
  return JSON.parse(admin(cluster, [...args, '-o', 'json'])) as T
}

/** A fresh namespace per test, deleted (without waiting) afterwards. */
export function createNamespace(cluster: TestCluster, prefix: string): string {
  const name = `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`
  admin(cluster, ['create', 'namespace', name])
  return name
}

export function deleteNamespace(cluster: TestCluster, name: string): void {
  try {
    admin(cluster, ['delete', 'namespace', name, '--wait=false'])
  } catch {
    // already gone
  }
}

/** Polls `probe` until it returns a value; for arranging tests, never inside the action. */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined,
  timeoutMs = 60_000
): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 250))
  }
}

export interface EventSpec {
  /** The object the event is about, e.g. a pod read with adminJson. */
  involved: {
    kind: string
    apiVersion?: string
    metadata: { name: string; namespace?: string; uid?: string }
  }
  type: 'Normal' | 'Warning'
  reason: string
  message: string
  /** Who reports it, e.g. kubelet or cluster-autoscaler. */
  component: string
  host?: string
  fieldPath?: string
}

/**
 * Records a core/v1 Event the way a component (kubelet, cluster-autoscaler, ...) does, so a test can
 * play a component the local cluster does not run. Returns the event's name.
 */
export function recordEvent(cluster: TestCluster, event: EventSpec): string {
  const { metadata } = event.involved
  const namespace = metadata.namespace ?? 'default'
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
  const name = `${metadata.name}.${Date.now().toString(16)}${Math.floor(Math.random() * 0xfff).toString(16)}`
  const body = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject: {
      apiVersion: event.involved.apiVersion ?? 'v1',
      kind: event.involved.kind,
      name: metadata.name,
      namespace,
      uid: metadata.uid,
      ...(event.fieldPath ? { fieldPath: event.fieldPath } : {})
    },
    type: event.type,
    reason: event.reason,
    message: event.message,
    source: { component: event.component, ...(event.host ? { host: event.host } : {}) },
    reportingComponent: event.component,
    reportingInstance: event.host ?? event.component,
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1
  }
  admin(cluster, ['create', '-f', '-'], JSON.stringify(body))
  return name
}
