import {
  admin,
  adminJson,
  createNamespace,
  deleteNamespace,
  eventually,
  isLocalCluster
} from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import {
  expectEvidence,
  outcomeOf,
  resourcesOf,
  setUpE2e,
  start,
  type E2eContext,
  type RunningAction
} from './support/e2e-context.js'

/**
 * Jobs retry failed pods up to backoffLimit (10 s, then 20 s, 40 s ... between attempts): a failed pod
 * is not a failed Job. The step judges the Job by the Job controller's conditions.
 * The test plays the workload through the local cluster's `await-outcome` stage: each attempt runs
 * (Running, Ready) until the test annotates it `kube-deploy.test/outcome: fail` or `succeed`.
 */
const describeLocal = isLocalCluster() ? describe : describe.skip
const needsLocal = isLocalCluster() ? '' : " (skipped: needs the local cluster's kwok stages)"

let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'jobs')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

function jobYaml(name: string, backoffLimit: number, simulate: string): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  backoffLimit: ${backoffLimit}
  template:
    metadata:
      labels:
        app: ${name}
        kube-deploy.test/simulate: ${simulate}
    spec:
      restartPolicy: Never
      containers:
      - name: ${name}
        image: ghcr.io/kube-deploy/${name}:1.0.0
`
}

const podsOf = (job: string): KubeObject[] =>
  adminJson<{ items: KubeObject[] }>(e2e.cluster, ['get', 'pods', '-n', namespace, '-l', `job-name=${job}`])
    .items

const conditionOf = (object: KubeObject, type: string) =>
  (object.status?.conditions as { type: string; status: string; reason?: string }[] | undefined)?.find(
    condition => condition.type === type
  )

/**
 * Plays the Job's pods: decides each attempt in turn, as soon as it runs. Stops early (returning what
 * it decided) if the step ends first.
 */
async function playAttempts(
  job: string,
  outcomes: ('fail' | 'succeed')[],
  running: RunningAction
): Promise<string[]> {
  const decided: string[] = []
  for (const [index, outcome] of outcomes.entries()) {
    const pod = await eventually(
      `attempt ${index + 1} of job/${job} to run`,
      () => {
        if (running.done) return null
        return podsOf(job).find(
          candidate =>
            candidate.status?.phase === 'Running' &&
            !decided.includes(candidate.metadata.name) &&
            candidate.metadata.annotations?.['kube-deploy.test/outcome'] === undefined
        )
      },
      50_000
    )
    if (pod === null) break
    admin(e2e.cluster, [
      'annotate',
      'pod',
      pod.metadata.name,
      '-n',
      namespace,
      `kube-deploy.test/outcome=${outcome}`
    ])
    decided.push(pod.metadata.name)
  }
  return decided
}

describeLocal(`Jobs and their retries${needsLocal}`, () => {
  it('keeps waiting through failed attempts and succeeds when a retry succeeds', async () => {
    const file = await e2e.manifest(jobYaml('migrate', 3, 'await-outcome'))
    const running = start(e2e, { manifests: file, namespace, timeout: '2m' })
    const decided = await playAttempts('migrate', ['fail', 'fail', 'succeed'], running)
    const run = await running.result

    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    // The step was still waiting when the third attempt ran: two failed pods did not end it.
    expect(decided).toHaveLength(3)
    expect(resourcesOf(run)).toEqual([
      expect.objectContaining({ kind: 'Job', namespace, name: 'migrate', action: 'created', status: 'ready' })
    ])
    const job = adminJson<KubeObject>(e2e.cluster, ['get', 'job', 'migrate', '-n', namespace])
    expect(conditionOf(job, 'Complete')?.status).toBe('True')
    expect(job.status).toMatchObject({ succeeded: 1, failed: 2 })
  })

  it('fails with BackoffLimitExceeded only once the Job controller says the Job failed', async () => {
    const file = await e2e.manifest(jobYaml('doomed', 1, 'fail'))
    const started = Date.now()
    const run = await e2e.run({ manifests: file, namespace, timeout: '2m' })
    const seconds = (Date.now() - started) / 1000

    expect(outcomeOf(run)).toEqual({
      exitCode: 1,
      status: 'failed',
      error: expect.stringMatching(/^::error::rollout failed: job\/doomed: BackoffLimitExceeded/)
    })
    // Not at the first failed pod: the Job itself carries Failed=True when the step ends.
    const job = adminJson<KubeObject>(e2e.cluster, ['get', 'job', 'doomed', '-n', namespace])
    expect(conditionOf(job, 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded' })
    expect(job.status?.failed).toBe(2)
    // The second attempt starts only after the controller's 10 s back-off.
    expect(seconds).toBeGreaterThan(10)
    const [row] = resourcesOf(run)
    expect(row).toMatchObject({ kind: 'Job', name: 'doomed', status: 'failed' })
    expect(row.message).toContain('BackoffLimitExceeded')
    const pods = podsOf('doomed').map(pod => pod.metadata.name)
    expect(pods).toHaveLength(2)
    expectEvidence(run, pods, 'BackoffLimitExceeded', /exit(ed with)? code 1|Error/)
  })
})
