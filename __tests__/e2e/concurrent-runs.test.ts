import { adminJson, createNamespace, deleteNamespace } from '../../test/harness/test-cluster.js'
import type { KubeObject } from '../../src/kube-object.js'
import { deploymentYaml, outcomeOf, resourcesOf, setUpE2e, type E2eContext } from './support/e2e-context.js'

let e2e: E2eContext
let namespace: string

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'concurrent')
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

const imageOf = (name: string): string => {
  const live = adminJson<KubeObject>(e2e.cluster, ['get', 'deployment', name, '-n', namespace])
  const spec = live.spec as { template: { spec: { containers: { image: string }[] } } }
  return spec.template.spec.containers[0].image
}

/** Two runs of the same Deployment at once, one image each: what each says, and which image is live. */
async function race(name: string, inputs: Record<string, string> = {}) {
  const images = ['ghcr.io/kube-deploy/example-web:1.1.0', 'ghcr.io/kube-deploy/example-web:1.2.0']
  const manifests = await Promise.all(
    images.map((image, index) => e2e.manifest(deploymentYaml(name, { image }), `race-${name}-${index}.yaml`))
  )
  const runs = await Promise.all(
    manifests.map(manifest => e2e.run({ namespace, manifests: manifest, timeout: '60s', ...inputs }))
  )
  const live = imageOf(name)
  const winner = images.indexOf(live)
  expect(winner).toBeGreaterThanOrEqual(0)
  return { runs, images, live, winner: runs[winner], loser: runs[1 - winner], loserImage: images[1 - winner] }
}

describe('two runs at once on the same objects', () => {
  it('only one says created, and the run whose spec was replaced does not claim the other run’s success', async () => {
    const { runs, winner, loser, live, loserImage } = await race('both-create')
    const actions = runs.map(run => resourcesOf(run)[0].action).sort()
    expect(actions[0]).toBe('configured')
    expect(actions[1]).toBe('created')
    expect(outcomeOf(winner)).toMatchObject({ exitCode: 0, status: 'succeeded' })
    // The loser's rollout "completed" with the winner's pods: that is a conflict, not a success.
    expect(outcomeOf(loser)).toMatchObject({ exitCode: 1, status: 'failed' })
    expect(loser.summary).toContain(
      `deployment/both-create: another writer changed its pod template after this run applied it (it now runs ${live}; this run applied ${loserImage})`
    )
  })

  it('with rollback, the loser keeps the winner’s change instead of restoring a stale spec', async () => {
    const first = await e2e.run({
      namespace,
      manifests: await e2e.manifest(
        deploymentYaml('both-roll', { image: 'ghcr.io/kube-deploy/example-web:1.0.0' })
      )
    })
    expect(outcomeOf(first)).toMatchObject({ exitCode: 0, status: 'succeeded' })
    const { winner, loser, live } = await race('both-roll', { 'rollback-on-failure': 'true' })
    expect(outcomeOf(winner)).toMatchObject({ exitCode: 0, status: 'succeeded' })
    expect(outcomeOf(loser)).toMatchObject({ exitCode: 1, status: 'failed' })
    expect(loser.log).toContain(
      'deployment/both-roll not restored: someone else changed its spec after this run applied it; their change is kept'
    )
    // Still the winner's image: neither 1.0.0 (a stale rollback) nor the loser's.
    expect(imageOf('both-roll')).toBe(live)
  })
})
