import { readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { startMirror } from '../test/harness/mirror.js'
import { runAction, runnerDirs } from '../test/harness/run-action.js'
import { createNamespace, deleteNamespace, loadTestCluster } from '../test/harness/test-cluster.js'

/**
 * Writes the job summary of a real failed deploy: the bundled action (dist/) applies an app whose
 * API pods crash and whose worker pods never become ready to the local cluster (`npm run
 * cluster:up`), exactly as a runner runs it. The summary file is what screenshot-summary.ts pictures.
 *
 *   npx tsx scripts/real-failure-summary.ts summary.md
 */
const output = process.argv[2] ?? 'summary.md'
const cluster = loadTestCluster()
const namespace = createNamespace(cluster, 'shop')

const deployment = (name: string, simulate: string, image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, labels: {app: ${name}}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}, kube-deploy.test/simulate: ${simulate}}}
    spec:
      containers:
      - {name: ${name}, image: ${image}}
`
const manifests = [
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shop-config}\ndata: {LOG_LEVEL: info}\n`,
  `apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n`,
  deployment('api', 'crash-loop', 'ghcr.io/acme/shop-api:2.4.0'),
  deployment('worker', 'never-ready', 'ghcr.io/acme/shop-worker:2.4.0')
].join('---\n')

async function main(): Promise<void> {
  const mirror = cluster.mirrorDir ? await startMirror(cluster.mirrorDir) : undefined
  try {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kube-deploy-shop-'))
    const file = path.join(dir, 'shop.yaml')
    writeFileSync(file, manifests)
    const run = await runAction(
      {
        kubeconfig: readFileSync(cluster.kubeconfigFile, 'utf8'),
        namespace,
        manifests: file,
        'allow-outside-workspace': 'true',
        'kubectl-version': cluster.kubectlVersion,
        ...mirror?.toolInputs({ kubectl: cluster.kubectlVersion, helm: cluster.helmVersion }),
        timeout: '60s'
      },
      await runnerDirs()
    )
    writeFileSync(output, run.summary)
    process.stderr.write(`step exited ${run.exitCode}, status ${run.outputs.status}; summary in ${output}\n`)
  } finally {
    await mirror?.close()
    deleteNamespace(cluster, namespace)
  }
}

await main()
