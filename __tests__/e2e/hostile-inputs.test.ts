import { spawn } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { isLocalCluster } from '../../test/harness/test-cluster.js'
import type { HostileCase } from './support/hostile-case.js'
import { accessCases } from './support/hostile-cases/access.js'
import {
  helmCases,
  kubectlArgsCases,
  patchCases,
  rolloutCommandCases
} from './support/hostile-cases/commands.js'
import {
  manifestContentCases,
  manifestPathCases,
  manifestYamlCases
} from './support/hostile-cases/manifests.js'
import { parameterCases } from './support/hostile-cases/parameters.js'
import { toolCases } from './support/hostile-cases/tools.js'
import { waitingCases } from './support/hostile-cases/waiting.js'
import { setUpHostileSuite, type HostileSuite } from './support/hostile-suite.js'
import { problemsOf, reportLine } from './support/hostile-verdict.js'
import { ProcessWatch } from './support/process-watch.js'
import { maskLikeRunner } from './support/runner-masking.js'
import { findLeaks, redact } from './support/secret-leaks.js'

/**
 * A catalogue of bad and hostile inputs, run against the real cluster. For every row the step must:
 * fail (exit code 1, `status` output `failed`) with an `::error::` line naming the input or the file
 * and line; leave the cluster as it was (every object of the namespace, and the namespaces and CRDs a
 * row names, at the same resourceVersion; nothing created); and show none of the suite's secrets (nor
 * their base64) in the log as the runner masks it, the post step's log, the job summary, the outputs,
 * the argv or environment of any process it started, or any file left after the post step.
 *
 * Each group's file says what its rows guard. Rows run one after the other in one namespace; most stop
 * before they reach the cluster.
 */
const groups: [string, HostileCase[]][] = [
  ['access: kubeconfig, server, token, CA, TLS, namespace', accessCases],
  ['tools: versions, mirrors, digests', toolCases],
  ['manifests: paths', manifestPathCases],
  ['manifests: YAML', manifestYamlCases],
  ['manifests: content', manifestContentCases],
  ['patch', patchCases],
  ['helm', helmCases],
  ['kubectl args', kubectlArgsCases],
  ['promote and abort', rolloutCommandCases],
  ['waiting and switches', waitingCases],
  ['parameters', parameterCases]
]

// The checks are only as good as what the harness can see: it is checked on its own first.
describe('the harness of the hostile-inputs suite', () => {
  it('masks a value from its ::add-mask:: line on, as the runner does', () => {
    const log = [
      'early s3cr3t-value',
      '::add-mask::s3cr3t-value',
      'later s3cr3t-value',
      '::add-mask::two%0Alines'
    ].join('\n')
    expect(maskLikeRunner(log)).toBe('early s3cr3t-value\nlater ***')
  })

  it('finds a secret as given and as base64, and names it without its value', () => {
    const secret = { name: 'the token', value: 'token-0123456789' }
    const base64 = Buffer.from(secret.value).toString('base64')
    const leaks = findLeaks(
      [secret],
      [
        { where: 'a log', content: `Bearer ${secret.value}` },
        { where: 'a file', content: Buffer.from(`data: ${base64}`) },
        { where: 'a summary', content: 'nothing here' }
      ]
    )
    expect(leaks).toEqual(['the token (as given) in a log', 'the token (base64) in a file'])
    expect(redact(`x ${secret.value} y`, [secret])).toBe('x <the token, as given> y')
  })

  it('sees the argv and environment of a short-lived grandchild', async () => {
    const watch = new ProcessWatch()
    const child = spawn('sh', ['-c', 'sleep 0.1 && echo watched-argument-1234'], {
      env: { PATH: process.env.PATH ?? '', WATCHED: 'watched-environment-5678' }
    })
    watch.watch(child.pid ?? -1)
    await new Promise(resolve => child.on('close', resolve))
    const seen = watch.stop()
    expect(seen.map(process => process.argv.join(' '))).toContain('sleep 0.1')
    expect(seen.flatMap(process => process.environment)).toContain('WATCHED=watched-environment-5678')
  })
})

// The suite needs the local cluster: its CA and ServiceAccount tokens, and the loopback tool mirror
// whose digests it pins. With a cluster named by KUBE_DEPLOY_TEST_KUBECONFIG it is skipped, by name.
const describeLocal = isLocalCluster() ? describe : describe.skip

describeLocal('hostile inputs are refused, change nothing and leak nothing', () => {
  let suite: HostileSuite
  beforeAll(async () => {
    suite = await setUpHostileSuite()
  })
  afterAll(async () => {
    await suite?.close()
  })

  let index = 0
  for (const [group, cases] of groups) {
    describe(group, () => {
      for (const hostile of cases) {
        const caseIndex = ++index
        it(hostile.name, async () => {
          const c = suite.contextFor(caseIndex)
          const evidence = await suite.run(hostile, c)
          const problems = problemsOf(hostile, c, evidence)
          // HOSTILE_REPORT=<file> keeps one JSON line per row: what the step said, what was wrong.
          const report = process.env.HOSTILE_REPORT
          if (report)
            appendFileSync(report, `${JSON.stringify(reportLine(group, hostile, c, evidence, problems))}\n`)
          expect(problems).toEqual([])
        })
      }
    })
  }

  it('has at least 60 rows', () => {
    expect(index).toBeGreaterThanOrEqual(60)
  })
})
