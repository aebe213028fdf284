import { applyRuns, type ApplyOptions } from '../../src/deploy/apply.js'
import type { ManifestObject } from '../../src/manifests/load.js'

const entry = (apiVersion: string, kind: string, name: string): ManifestObject => ({
  object: { apiVersion, kind, metadata: { name } },
  source: 'k8s/app.yaml',
  line: 1
})

const ns = entry('v1', 'Namespace', 'shop')
const config = entry('v1', 'ConfigMap', 'conf')
const db = entry('v1', 'Secret', 'db')
const tls = entry('v1', 'Secret', 'tls')
const web = entry('apps/v1', 'Deployment', 'web')
const options: ApplyOptions = { namespace: 'shop', serverSide: false, forceConflicts: false, workDir: '/run' }

describe('applyRuns', () => {
  it('applies Secrets server-side even when the rest is applied client-side, keeping the order', () => {
    const runs = applyRuns([ns, config, db, tls, web], options)
    expect(runs.map(run => [run.entries.map(e => e.object.metadata.name), run.options.serverSide])).toEqual([
      [['shop', 'conf'], false],
      [['db', 'tls'], true],
      [['web'], false]
    ])
    // --force-conflicts only when asked for.
    expect(runs.every(run => !run.options.forceConflicts)).toBe(true)
  })

  it('applies everything in one run when the whole set goes server-side', () => {
    const runs = applyRuns([ns, db, web], { ...options, serverSide: true, forceConflicts: true })
    expect(runs).toEqual([
      { entries: [ns, db, web], options: { ...options, serverSide: true, forceConflicts: true } }
    ])
  })

  it('does not take a kind named Secret of another group for a core Secret', () => {
    expect(applyRuns([entry('acme.io/v1', 'Secret', 'x')], options)).toHaveLength(1)
    expect(applyRuns([entry('acme.io/v1', 'Secret', 'x')], options)[0].options.serverSide).toBe(false)
  })
})
