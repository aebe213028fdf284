import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import * as path from 'node:path'

/**
 * Before the e2e tests: make sure there is a cluster to test against. The local one is started (and
 * built, the first time on a machine) unless a cluster is named by KUBE_DEPLOY_TEST_KUBECONFIG.
 * (Jest loads this file outside its module mapping, so it imports nothing from the project.)
 */
export default function globalSetup(): void {
  const repoRoot = path.resolve(import.meta.dirname, '../../..')
  if (!existsSync(path.join(repoRoot, 'dist', 'index.js')))
    throw new Error('dist/index.js is missing: run npm run build')
  if (process.env.KUBE_DEPLOY_TEST_KUBECONFIG) return
  // up.sh is quick when the cluster already runs, and fails loudly when it cannot start one.
  execFileSync('bash', [path.join(repoRoot, 'test', 'cluster', 'up.sh')], {
    stdio: ['ignore', 'inherit', 'inherit']
  })
}
