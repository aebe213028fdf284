/**
 * Deploys the example app to the local cluster with the real, bundled action, the way a runner runs
 * it, and prints the job summary. Starts (and the first time builds) the local cluster itself.
 *
 *   npm run demo
 */
import { execFileSync } from 'node:child_process'
import { startMirror } from '../test/harness/mirror.js'
import { runAction, runnerDirs } from '../test/harness/run-action.js'
import { loadTestCluster, repoRoot } from '../test/harness/test-cluster.js'

function readableLog(log: string): string {
  return log
    .split('\n')
    .filter(line => !/^::(add-mask|debug|save-state|set-output)/.test(line))
    .join('\n')
}

async function main(): Promise<void> {
  if (!process.env.KUBE_DEPLOY_TEST_KUBECONFIG) {
    execFileSync('bash', ['test/cluster/up.sh'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] })
  }
  const cluster = loadTestCluster()
  const mirror = cluster.mirrorDir ? await startMirror(cluster.mirrorDir) : undefined
  const dirs = await runnerDirs()
  try {
    const inputs: Record<string, string> = {
      kubeconfig: (await import('node:fs')).readFileSync(cluster.kubeconfigFile, 'utf8'),
      kustomize: 'examples/app/overlays/staging',
      images: 'ghcr.io/kube-deploy/example-web:1.1.0',
      selector: 'app.kubernetes.io/name=web',
      namespace: 'example-staging',
      timeout: '2m',
      ...mirror?.toolInputs({ kubectl: cluster.kubectlVersion, helm: cluster.helmVersion })
    }
    console.log('Running dist/index.js (kustomize examples/app/overlays/staging, image 1.1.0)...\n')
    const run = await runAction(inputs, dirs)
    // The runner consumes workflow commands (masks, debug lines); show what a person sees in the log.
    process.stdout.write(readableLog(run.log))
    console.log('\n--- outputs ---')
    for (const [name, value] of Object.entries(run.outputs)) console.log(`${name}: ${value}`)
    console.log('\n--- job summary ---')
    console.log(run.summary)
    const post = await runAction({}, dirs, { entry: 'dist/post.js', state: run.state })
    process.stdout.write(readableLog(post.log))
    process.exitCode = run.exitCode
  } finally {
    await mirror?.close()
  }
}

await main()
