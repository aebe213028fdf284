import * as core from '@actions/core'
import { mkdtemp } from 'node:fs/promises'
import * as path from 'node:path'
import { State } from '../constants.js'
import type { Settings } from '../inputs.js'
import { withoutCredentials } from '../support/url-credentials.js'
import { createKubectl, type Kubectl } from '../tool-runners/kubectl-cli.js'
import { maskSecrets } from '../tool-runners/secret-values.js'
import { createClusterClient, type ClusterClient } from './client.js'
import { buildClusterConfig, writeKubeconfig } from './kubeconfig.js'

/** The run's way into the cluster, written to disk: nothing has talked to the cluster yet. */
export interface ClusterAccessFile {
  kubeconfig: string
  namespace: string
  /** The API server URL, safe to show (no credentials). */
  server: string
  /** The run's private folder (kubeconfig, scratch files); the post step removes it. */
  workDir: string
}

/** What every command needs to reach the cluster: the run's kubeconfig, kubectl, and the API client. */
export interface ClusterConnection extends ClusterAccessFile {
  kubectl: Kubectl
  client: ClusterClient
}

/**
 * Writes the run's kubeconfig: secrets masked before anything is logged, file mode 0600, in a private
 * folder saved for the post step to remove.
 */
export async function writeClusterAccess(settings: Settings, tempDir: string): Promise<ClusterAccessFile> {
  const cluster = buildClusterConfig(settings.access, settings.namespace)
  maskSecrets(cluster.secrets)
  const workDir = await mkdtemp(path.join(tempDir, 'kube-deploy-'))
  core.saveState(State.WorkDir, workDir)
  const kubeconfig = await writeKubeconfig(workDir, cluster.content)
  const server = withoutCredentials(cluster.server)
  core.info(`cluster ${server}, namespace ${cluster.namespace}`)
  return { kubeconfig, namespace: cluster.namespace, server, workDir }
}

/**
 * Binds kubectl and the API client to the run's kubeconfig (never the ambient one). kubectl may be
 * installed on its first use: API requests never wait for it.
 */
export function openClusterConnection(
  access: ClusterAccessFile,
  kubectlBinary: string | (() => Promise<string>)
): ClusterConnection {
  return {
    ...access,
    kubectl: createKubectl(kubectlBinary, access.kubeconfig, access.workDir),
    client: createClusterClient(access.kubeconfig)
  }
}
