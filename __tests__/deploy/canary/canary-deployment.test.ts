import {
  canaryDeployment,
  canaryProblem,
  isCanaryOf,
  promotedManifest,
  resolveCanaryReplicas,
  TRACK_LABEL
} from '../../../src/deploy/canary/canary-deployment.js'
import type { KubeObject } from '../../../src/kube-object.js'
import { fixture } from '../../fixtures.js'

/** The manifest of the next version of the live `web` (deployment-complete.json): a new image. */
function nextVersion(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, annotations: { 'kube-deploy.dev/commit': 'abc' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'ghcr.io/acme/web:1.5.0' }] }
      }
    }
  }
}

describe('resolveCanaryReplicas', () => {
  it.each([
    [{ count: 2 }, 10, 2],
    [{ count: 5 }, 3, 5],
    [{ percent: 25 }, 10, 3],
    [{ percent: 34 }, 3, 2],
    [{ percent: 1 }, 3, 1],
    [{ percent: 50 }, 0, 1],
    [{ percent: 100 }, 4, 4]
  ])('%j of %i live replicas: %i', (wanted, live, expected) => {
    expect(resolveCanaryReplicas(wanted, live)).toBe(expected)
  })
})

describe('canaryDeployment', () => {
  const canary = canaryDeployment(nextVersion(), 2)

  it('is <name>-canary with its own replicas and the new template', () => {
    expect(canary.metadata.name).toBe('web-canary')
    expect(canary.spec?.replicas).toBe(2)
    expect(canary.spec?.template).toEqual({
      metadata: { labels: { app: 'web', [TRACK_LABEL]: 'canary' } },
      spec: { containers: [{ name: 'web', image: 'ghcr.io/acme/web:1.5.0' }] }
    })
  })

  it("selects the live selector's pods with the track: never the live pods, always its own", () => {
    expect(canary.spec?.selector).toEqual({ matchLabels: { app: 'web', [TRACK_LABEL]: 'canary' } })
  })

  it('is labelled a canary of web, and keeps what promotion will apply', () => {
    expect(canary.metadata.labels).toEqual({ app: 'web', [TRACK_LABEL]: 'canary' })
    expect(isCanaryOf(canary, 'web')).toBe(true)
    expect(isCanaryOf(canary, 'shop')).toBe(false)
    expect(isCanaryOf({ ...canary, metadata: { ...canary.metadata, labels: {} } }, 'web')).toBe(false)
    expect(canary.metadata.annotations?.['kube-deploy.dev/commit']).toBe('abc')
  })

  it('leaves the manifest as it was', () => {
    const manifest = nextVersion()
    canaryDeployment(manifest, 1)
    expect(manifest).toEqual(nextVersion())
  })
})

describe('promotedManifest', () => {
  it("is the canary's manifest under the live name, with the live replicas", () => {
    const live = { ...fixture('deployment-complete') }
    live.spec = { ...live.spec, replicas: 7 }
    const promoted = promotedManifest(canaryDeployment(nextVersion(), 1), live)
    expect(promoted.metadata).toEqual({ ...nextVersion().metadata, namespace: 'shop' })
    expect(promoted.spec).toEqual({ ...nextVersion().spec, replicas: 7 })
    expect(JSON.stringify(promoted)).not.toContain(TRACK_LABEL)
  })

  it('refuses a canary kube-deploy did not make', () => {
    const canary = canaryDeployment(nextVersion(), 1)
    canary.metadata.annotations = {}
    expect(() => promotedManifest(canary, fixture('deployment-complete'))).toThrow(
      'has no kube-deploy.dev/promotes-to annotation'
    )
  })
})

describe('canaryProblem', () => {
  const live = fixture('deployment-complete')

  it('none for the next version of a live Deployment (selector keys in any order)', () => {
    expect(canaryProblem(nextVersion(), live)).toBeUndefined()
  })

  it('a live selector on the track label', () => {
    const onTrack = {
      ...live,
      spec: { ...live.spec, selector: { matchLabels: { app: 'web', [TRACK_LABEL]: 'stable' } } }
    }
    expect(canaryProblem(nextVersion(), onTrack)).toMatch(/selects on kube-deploy.dev\/track/)
    const byExpression = {
      ...live,
      spec: { ...live.spec, selector: { matchExpressions: [{ key: TRACK_LABEL, operator: 'Exists' }] } }
    }
    expect(canaryProblem(nextVersion(), byExpression)).toMatch(/selects on kube-deploy.dev\/track/)
  })

  it('a manifest that changes the (immutable) selector', () => {
    const manifest = nextVersion()
    manifest.spec = { ...manifest.spec, selector: { matchLabels: { app: 'web', tier: 'front' } } }
    expect(canaryProblem(manifest, live)).toMatch(/changes the selector of deployment\/web/)
  })

  it('a live Deployment that is itself a canary', () => {
    const canary = canaryDeployment(nextVersion(), 1)
    expect(canaryProblem(nextVersion(), { ...canary, spec: live.spec })).toMatch(/is itself a canary/)
  })
})
