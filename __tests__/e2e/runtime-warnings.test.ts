import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { parse } from 'yaml'
import type { ActionRun } from '../../test/harness/run-action.js'
import {
  createNamespace,
  deleteNamespace,
  isLocalCluster,
  repoRoot
} from '../../test/harness/test-cluster.js'
import { deploymentYaml, outcomeOf, setUpE2e, type E2eContext } from './support/e2e-context.js'

/**
 * The bundle on the Node that action.yml names, run as the runner runs it (no flags, no
 * NODE_NO_WARNINGS): nothing it does prints a deprecation warning. Node prints most of them when a
 * deprecated API is first called, not when it is imported, so the runs go through the paths a real
 * step takes: a download into an empty tool cache, apply, watches, a failed rollout's evidence
 * (events and logs), helm, a read-only status, and the post step.
 */
let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'runtime')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

const itLocal = isLocalCluster() ? it : it.skip
const needsLocal = isLocalCluster() ? '' : " (skipped: needs the local cluster's kwok stages)"

/** Node's own words for a deprecation, e.g. `(node:42) [DEP0040] DeprecationWarning: ...`. */
const DEPRECATION = /DeprecationWarning|\[DEP0\d+\]/

/** The lines of a run's stdout and stderr that name a deprecation (none, when all is well). */
const deprecations = (run: ActionRun): string[] => run.log.split('\n').filter(line => DEPRECATION.test(line))

describe('the runtime', () => {
  it("is the Node major action.yml's runs.using names", () => {
    const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
      runs: { using: string }
    }
    // runAction starts the bundle with the Node running the tests (process.execPath).
    expect(`node${process.versions.node.split('.')[0]}`).toBe(action.runs.using)
  })
})

describe('no deprecation warning', () => {
  it('while applying, waiting on a rollout and cleaning up in the post step', async () => {
    const run = await e2e.run({
      manifests: await e2e.manifest(deploymentYaml('quiet', { replicas: 2 })),
      namespace
    })
    expect(deprecations(run)).toEqual([])
    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
    const post = await e2e.post(run)
    expect(deprecations(post)).toEqual([])
    expect(post.exitCode).toBe(0)
  })

  itLocal(`while gathering the evidence of a failed rollout${needsLocal}`, async () => {
    const run = await e2e.run({
      manifests: await e2e.manifest(deploymentYaml('crashing', { replicas: 1, simulate: 'crash-loop' })),
      namespace,
      timeout: '30s'
    })
    expect(deprecations(run)).toEqual([])
    expect(run.exitCode).toBe(1)
  })

  it('while installing and running helm', async () => {
    const run = await e2e.run({
      command: 'helm',
      namespace,
      chart: 'examples/chart/web',
      release: 'charted',
      set: 'replicaCount=1'
    })
    expect(deprecations(run)).toEqual([])
    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
  })

  it('while reading what runs (command: status)', async () => {
    const run = await e2e.run({ command: 'status', namespace, selector: 'app=quiet' })
    expect(deprecations(run)).toEqual([])
    expect(outcomeOf(run)).toEqual({ exitCode: 0, status: 'succeeded', error: '' })
  })
})
