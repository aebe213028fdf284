import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import * as path from 'node:path'
import { clusterJsonPath, repoRoot } from '../../../test/harness/test-cluster.js'

/**
 * Before the e2e tests: make sure there is a cluster to test against. The local one is started (and
 * built, the first time on a machine) unless a cluster is named by KUBE_DEPLOY_TEST_KUBECONFIG.
 */
export default function globalSetup(): void {
  if (!existsSync(path.join(repoRoot, 'dist', 'index.js'))) throw new Error('dist/index.js is missing: run npm run build')
  if (process.env.KUBE_DEPLOY_TEST_KUBECONFIG) return
  // up.sh is quick when the cluster already runs; it prints where its kubeconfig is.
  execFileSync('bash', [path.join(repoRoot, 'test', 'cluster', 'up.sh')], { stdio: ['ignore', 'inherit', 'inherit'] })
  if (!existsSync(clusterJsonPath())) throw new Error(`test/cluster/up.sh did not write ${clusterJsonPath()}`)
}
