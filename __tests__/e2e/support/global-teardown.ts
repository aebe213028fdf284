import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

/**
 * After the e2e tests: the fault tests' disposable cluster goes; the shared one stays. Its components
 * are thawed first, so that none is left stopped for the delete to wait on. (Jest loads this file
 * outside its module mapping, so it imports nothing from the project.)
 */
export default function globalTeardown(): void {
  const name = 'kube-deploy-faults'
  const root = process.env.KUBE_DEPLOY_CACHE || path.join(os.homedir(), '.cache', 'kube-deploy')
  const workDir = path.join(root, 'cluster', name, 'kwok', 'clusters', name)
  if (!existsSync(workDir)) return
  for (const pid of readdirSync('/proc').filter(entry => /^\d+$/.test(entry))) {
    try {
      const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]
      if (argv0.startsWith(`${workDir}/bin/`)) process.kill(Number(pid), 'SIGCONT')
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  const repoRoot = path.resolve(import.meta.dirname, '../../..')
  execFileSync('bash', [path.join(repoRoot, 'test', 'cluster', 'down.sh')], {
    env: { ...process.env, KUBE_DEPLOY_CLUSTER: name },
    stdio: 'pipe'
  })
}
