import type { PlannedChange } from '../../src/deploy/planned-change.js'
import { objectDiff } from '../../src/deploy/preview/object-diff.js'
import type { KubeObject } from '../../src/kube-object.js'
import { MAX_DIFF_SECTIONS } from '../../src/report/changes-section.js'
import type { RolloutReport } from '../../src/report/rollout-report.js'
import { fixture } from '../fixtures.js'
import { conf, service, successReport, web } from './fixtures/reports.js'
import { tableCells, textOutsideCode, writeAndRender } from './support/rendered-summary.js'

const hostile = '```\n</details></summary><script>alert(1)</script>\n::warning::from the cluster\n````'

function deployment(image: string): KubeObject {
  const object = fixture('deployment-complete')
  const spec = object.spec?.template as { spec: { containers: { image: string }[] } }
  spec.spec.containers[0].image = image
  return object
}

const configMap: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'conf', namespace: 'shop' },
  data: { 'motd.txt': hostile }
}
const secret = (password: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'shop' },
  data: { password: Buffer.from(password).toString('base64') }
})

/** A dry run over real objects: an image changed, a ConfigMap with hostile text created, a Secret changed. */
function dryRunReport(): RolloutReport {
  const planned = (
    ref: PlannedChange['ref'],
    live: KubeObject | undefined,
    after: KubeObject
  ): PlannedChange => ({
    ref,
    source: 'k8s/app.yaml:1',
    ...objectDiff(live, after)
  })
  return {
    ...successReport(),
    rows: [],
    dryRun: true,
    done: ['3 objects validated on the server', 'dry run: stopped before the first change'],
    preview: [
      planned(web, deployment('ghcr.io/acme/web:1.4.2'), deployment('ghcr.io/acme/web:1.5.0')),
      planned(conf, undefined, configMap),
      planned(
        { apiVersion: 'v1', kind: 'Secret', name: 'db', namespace: 'shop' },
        secret('old'),
        secret('hunter2')
      ),
      { ref: service, action: 'unchanged', source: 'k8s/app.yaml:30' },
      { ref: { ...service, name: 'legacy', namespace: 'elsewhere' }, action: 'pruned' }
    ]
  }
}

describe('the Changes section of the job summary', () => {
  it('counts the actions, then gives each changed object a collapsed diff', async () => {
    const report = dryRunReport()
    const { document } = await writeAndRender(report)
    expect(Array.from(document.body.children).map(element => element.tagName)).toEqual([
      'H2',
      'TABLE',
      'H3',
      'P',
      'DETAILS',
      'DETAILS',
      'DETAILS',
      'P',
      'UL',
      'DETAILS'
    ])
    expect(document.querySelector('h2')?.textContent).toBe(
      '🔍 kube-deploy: apply dry run: 4 objects would change'
    )
    expect(document.querySelector('h3')?.textContent).toBe('Changes')
    expect(document.querySelector('h3 + p')?.textContent).toBe(
      '4 objects would change (1 created, 2 configured, 1 pruned, 1 unchanged), compared with the cluster before anything changed.'
    )
    const sections = Array.from(document.querySelectorAll('details')).slice(0, 3)
    expect(sections.map(section => section.querySelector('summary')?.textContent)).toEqual([
      '🟡 deployment/web configured (k8s/app.yaml:1)',
      '🟢 configmap/conf created (k8s/app.yaml:1)',
      '🟡 secret/db configured (k8s/app.yaml:1)'
    ])
    // Each diff whole, in a diff code block of its own section.
    sections.forEach((section, index) => {
      const code = section.querySelector('pre > code')
      expect(code?.className).toBe('language-diff')
      expect(code?.textContent).toBe(`${report.preview?.[index].diff}\n`)
    })
    expect(sections[0].textContent).toContain('+        - image: ghcr.io/acme/web:1.5.0')
    // What has no diff is named; an object elsewhere says where.
    expect(document.querySelector('details + p')?.textContent).toBe(
      '1 more object would change (each one is in the diff output):'
    )
    expect(document.querySelector('ul')?.textContent).toBe('🔴 service/legacy in elsewhere pruned')
  })

  it('keeps hostile cluster text in its code block, and never a Secret value anywhere', async () => {
    const { markdown, document } = await writeAndRender(dryRunReport())
    const text = textOutsideCode(document)
    for (const leak of ['</details>', '```', 'alert', '::warning::']) expect(text).not.toContain(leak)
    expect(document.querySelectorAll('script, details details')).toHaveLength(0)
    expect(document.querySelectorAll('details')[1].querySelector('pre > code')?.textContent).toContain(
      '+    </details></summary><script>alert(1)</script>'
    )
    for (const value of ['hunter2', Buffer.from('hunter2').toString('base64'), 'old', 'b2xk'])
      expect(markdown).not.toContain(value)
    expect(markdown).toContain('+data: "<hidden: 1 key changed>"')
  })

  it('says nothing would change when nothing would', async () => {
    const report: RolloutReport = {
      ...successReport(),
      rows: [],
      dryRun: true,
      preview: [{ ref: web, action: 'unchanged' }]
    }
    const { document } = await writeAndRender(report)
    expect(document.querySelector('h2')?.textContent).toBe(
      '🔍 kube-deploy: apply dry run: nothing would change'
    )
    expect(document.querySelector('h3 + p')?.textContent).toBe(
      'Nothing would change (1 unchanged), compared with the cluster before anything changed.'
    )
  })

  it('shows a run that changes what its preview said, under its own verdict', async () => {
    const report: RolloutReport = { ...successReport(), preview: dryRunReport().preview }
    const { document } = await writeAndRender(report)
    expect(document.querySelector('h2')?.textContent).toBe('✅ kube-deploy: apply succeeded')
    expect(document.querySelector('h3 + p')?.textContent).toMatch(/^4 objects to change \(/)
  })

  it('has no section without a preview (kubectl, status)', async () => {
    const { markdown } = await writeAndRender(successReport())
    expect(markdown).not.toContain('Changes')
  })

  describe('of a large set', () => {
    const many = (
      count: number,
      diffLines: number,
      action: PlannedChange['action'] = 'configured'
    ): PlannedChange[] =>
      Array.from({ length: count }, (_, index) => ({
        ref: { ...web, name: `web-${index}` },
        action,
        diff: Array.from({ length: diffLines }, (__, line) => `+  line-${line}: ${'x'.repeat(60)}`).join('\n')
      }))
    const diffBlocks = (document: Document): number =>
      document.querySelectorAll('pre > code.language-diff').length

    it('gives the first 50 configured objects a diff and counts the rest by kind and action', async () => {
      const preview = [...many(300, 20), ...many(20, 20, 'created')]
      const report: RolloutReport = { ...successReport(), dryRun: true, preview }
      const { document, markdown } = await writeAndRender(report)
      expect(diffBlocks(document)).toBe(MAX_DIFF_SECTIONS)
      expect(textOutsideCode(document)).toContain(
        '270 more objects would change (each one is in the diff output), by kind:'
      )
      const counts = Array.from(document.querySelectorAll('table')).pop()
      expect(tableCells(counts as Element)).toEqual([
        ['Kind', 'Action', 'Objects'],
        ['Deployment', '🟡 configured', '250'],
        ['Deployment', '🟢 created', '20']
      ])
      expect(markdown.length).toBeLessThan(200_000)
    })

    it('shows no manifests for a large set of new objects: they are counted', async () => {
      const report: RolloutReport = { ...successReport(), preview: many(300, 40, 'created') }
      const { document, markdown } = await writeAndRender(report)
      expect(diffBlocks(document)).toBe(0)
      expect(textOutsideCode(document)).toContain(
        '300 objects to change (each one is in the diff output), by kind:'
      )
      expect(markdown.length).toBeLessThan(8_000)
    })

    it('keeps the diff text within its budget, well under the summary limit', async () => {
      const report: RolloutReport = { ...successReport(), dryRun: true, preview: many(40, 400) }
      const { markdown, document } = await writeAndRender(report)
      expect(markdown.length).toBeLessThan(400_000)
      const shown = diffBlocks(document)
      expect(shown).toBeGreaterThan(5)
      expect(shown).toBeLessThan(40)
      expect(textOutsideCode(document)).toContain(`${40 - shown} more objects would change`)
      expect(document.querySelectorAll('ul li')).toHaveLength(40 - shown)
    })
  })
})
