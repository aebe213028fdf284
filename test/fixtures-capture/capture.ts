/**
 * Captures the judge's fixtures from the local control plane (test/cluster): each scenario gets a
 * namespace fx-<group>, creates its objects, watches them and saves the first state that matches,
 * as __tests__/data/cluster/<scenario>.json.
 *
 *   npx tsx test/fixtures-capture/capture.ts [scenario...] [--keep] [--parallel N]
 *
 * Without scenario names it captures all of them. Namespaces are deleted at the end unless --keep.
 * A timeline of every change the watches saw is written to $TMPDIR/kube-deploy-fixtures-trace/.
 */
import { loadTestCluster } from '../harness/test-cluster.js'
import { Context, TRACE_DIR } from './context.js'
import { Kube, kubectl, sleep } from './kube.js'
import { customGroups, cleanupCustom } from './scenarios-custom.js'
import { workloadGroups, type Group } from './scenarios-workloads.js'

const groups: Group[] = [...workloadGroups, ...customGroups]

async function recreateNamespace(
  ctx: { cluster: Parameters<typeof kubectl>[0] },
  name: string
): Promise<void> {
  const exists = await kubectl(ctx.cluster, ['get', 'namespace', name, '--ignore-not-found', '-o', 'name'])
  if (exists.trim()) {
    await kubectl(ctx.cluster, ['delete', 'namespace', name, '--wait=true', '--timeout=120s'])
  }
  await kubectl(ctx.cluster, ['create', 'namespace', name])
  await kubectl(ctx.cluster, ['label', 'namespace', name, 'kube-deploy.test/fixtures=true'])
  // Pods need the default ServiceAccount, which the controller-manager creates asynchronously.
  for (let i = 0; i < 100; i++) {
    const sa = await kubectl(ctx.cluster, [
      '-n',
      name,
      'get',
      'serviceaccount',
      'default',
      '--ignore-not-found',
      '-o',
      'name'
    ])
    if (sa.trim()) return
    await sleep(100)
  }
  throw new Error(`no default ServiceAccount in ${name}`)
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const keep = args.includes('--keep')
  const parallelIndex = args.indexOf('--parallel')
  const parallel = parallelIndex >= 0 ? Number(args[parallelIndex + 1]) : 4
  const names = args.filter((a, i) => !a.startsWith('--') && (parallelIndex < 0 || i !== parallelIndex + 1))
  const known = new Set(groups.flatMap(g => g.fixtures))
  const unknown = names.filter(n => !known.has(n))
  if (unknown.length)
    throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${[...known].join(' ')}`)
  const wanted = (fixture: string): boolean => names.length === 0 || names.includes(fixture)
  const selected = groups.filter(g => g.fixtures.some(wanted))

  const cluster = loadTestCluster()
  const kube = new Kube(cluster)
  const version = await kube.request<{ gitVersion: string }>('GET', '/version')
  const capturedWith = `kubernetes ${version.gitVersion} + kwok`
  process.stderr.write(`capturing ${selected.length} group(s) on ${capturedWith}; timeline in ${TRACE_DIR}\n`)

  const saved: string[] = []
  const failed: string[] = []
  const namespaces: string[] = []
  const queue = [...selected]
  async function worker(): Promise<void> {
    for (let group = queue.shift(); group; group = queue.shift()) {
      const namespace = `fx-${group.id}`
      namespaces.push(namespace)
      const ctx = new Context(kube, cluster, namespace, capturedWith, wanted, saved)
      try {
        await recreateNamespace(ctx, namespace)
        ctx.log(`start (${group.fixtures.filter(wanted).join(', ')})`)
        await group.run(ctx)
        ctx.log('done')
      } catch (err) {
        failed.push(`${group.id}: ${(err as Error).message}`)
        ctx.log(`FAILED: ${(err as Error).message}`)
      } finally {
        ctx.close()
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.max(1, parallel) }, () => worker()))
  } finally {
    if (!keep) {
      for (const namespace of namespaces) {
        await kubectl(cluster, [
          'delete',
          'namespace',
          namespace,
          '--wait=false',
          '--ignore-not-found'
        ]).catch(() => undefined)
      }
      await cleanupCustom(cluster)
    }
    kube.close()
  }
  const missing = selected.flatMap(g => g.fixtures).filter(f => wanted(f) && !saved.includes(f))
  process.stderr.write(`saved ${saved.length}: ${saved.sort().join(' ')}\n`)
  if (missing.length) process.stderr.write(`not captured: ${missing.join(' ')}\n`)
  if (failed.length) {
    process.stderr.write(`failures:\n  ${failed.join('\n  ')}\n`)
    process.exitCode = 1
  }
}

// A capture registered before its trigger may time out after its group already failed: log it.
process.on('unhandledRejection', reason => process.stderr.write(`late failure: ${String(reason)}\n`))

await main()
