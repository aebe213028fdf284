import type { PlannedChange } from '../../src/deploy/planned-change.js'
import { changedOutput, diffOutput, MAX_OUTPUT_DIFF_CHARS } from '../../src/report/diff-output.js'

const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }
const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'reader' }

describe('the diff and changed outputs', () => {
  it('one entry per object, the diff where there is one', () => {
    const preview: PlannedChange[] = [
      { ref: web, action: 'configured', diff: '@@ -1 +1 @@\n-a\n+b' },
      { ref: role, action: 'unchanged' }
    ]
    expect(JSON.parse(diffOutput(preview))).toEqual([
      {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        action: 'configured',
        diff: '@@ -1 +1 @@\n-a\n+b'
      },
      { kind: 'ClusterRole', namespace: '', name: 'reader', action: 'unchanged' }
    ])
    expect(changedOutput(preview)).toBe('true')
  })

  it('changed is false when everything is unchanged, empty when there is no preview', () => {
    expect(changedOutput([{ ref: web, action: 'unchanged' }])).toBe('false')
    expect(changedOutput([])).toBe('false')
    expect(changedOutput(undefined)).toBe('')
    expect(diffOutput(undefined)).toBe('[]')
  })

  it('keeps its diffs within a budget, marking those left out', () => {
    const diff = `+${'x'.repeat(30_000)}`
    const preview: PlannedChange[] = Array.from({ length: 20 }, (_, index) => ({
      ref: { ...web, name: `web-${index}` },
      action: 'created',
      diff
    }))
    const entries = JSON.parse(diffOutput(preview)) as { diff?: string; diffOmitted?: boolean }[]
    const kept = Math.floor(MAX_OUTPUT_DIFF_CHARS / diff.length)
    expect(entries.filter(entry => entry.diff)).toHaveLength(kept)
    expect(entries.filter(entry => entry.diffOmitted)).toHaveLength(20 - kept)
    expect(diffOutput(preview).length).toBeLessThan(MAX_OUTPUT_DIFF_CHARS + 20 * 200)
  })
})
