import type { RolloutReport } from '../../src/report/rollout-report.js'
import {
  canaryReport,
  earlyErrorReport,
  failureReport,
  hostileFailureReport,
  largeReport,
  rollbackReport,
  selectorOnlyReport,
  successReport,
  timeoutReport
} from './fixtures/reports.js'
import {
  tableCells,
  textOutsideCode,
  writeAndRender,
  type RenderedSummary
} from './support/rendered-summary.js'

/** Each outcome, and the page's top-level elements in order when GitHub renders its summary. */
const outcomes: [string, () => RolloutReport, string[]][] = [
  ['success', successReport, ['H2', 'TABLE', 'TABLE', 'DETAILS', 'DETAILS']],
  ['canary', canaryReport, ['H2', 'TABLE', 'TABLE', 'H3', 'P', 'TABLE', 'DETAILS', 'DETAILS']],
  [
    'failure',
    failureReport,
    ['H2', 'TABLE', 'H3', 'UL', 'TABLE', 'DETAILS', 'DETAILS', 'DETAILS', 'DETAILS']
  ],
  [
    'failure with hostile cluster text',
    hostileFailureReport,
    ['H2', 'TABLE', 'H3', 'UL', 'TABLE', 'DETAILS', 'DETAILS', 'DETAILS', 'DETAILS']
  ],
  ['timeout', timeoutReport, ['H2', 'TABLE', 'H3', 'UL', 'TABLE', 'DETAILS', 'DETAILS', 'DETAILS']],
  ['early error', earlyErrorReport, ['H2', 'TABLE', 'P', 'PRE', 'H3', 'OL', 'TABLE']],
  ['selector-only', selectorOnlyReport, ['H2', 'TABLE', 'H3', 'UL', 'P', 'TABLE', 'DETAILS', 'DETAILS']],
  [
    'rollback',
    rollbackReport,
    ['H2', 'TABLE', 'H3', 'UL', 'TABLE', 'DETAILS', 'DETAILS', 'DETAILS', 'H3', 'UL', 'P', 'UL', 'DETAILS']
  ]
]

describe.each(outcomes)('the job summary of a %s', (_, makeReport, topLevel) => {
  const report = makeReport()
  let rendered: RenderedSummary

  beforeAll(async () => {
    rendered = await writeAndRender(report)
  })

  it('is written, with the elements it is made of and nothing stray between them', () => {
    expect(rendered.markdown.trim()).not.toBe('')
    expect(Array.from(rendered.document.body.children).map(element => element.tagName)).toEqual(topLevel)
  })

  it('never leaves a blank line inside an HTML block: each one is a line of its own', () => {
    const lines = rendered.markdown.split('\n')
    let fence: string | undefined
    lines.forEach((line, index) => {
      const marker = /^(`{3,})/.exec(line)?.[1]
      if (fence === undefined && marker) fence = marker
      else if (fence !== undefined && line === fence) fence = undefined
      else if (fence === undefined && line.startsWith('<')) expect(lines[index + 1] ?? '').toBe('')
    })
    expect(fence).toBeUndefined()
  })

  it('shows no tag, entity or fence of its own as text, and runs no markup from the cluster', () => {
    const text = textOutsideCode(rendered.document)
    for (const leak of ['</details>', '</pre>', '<summary>', '<br>', '```', '&lt;', '&gt;', '&amp;'])
      expect(text).not.toContain(leak)
    expect(rendered.document.querySelectorAll('script, b, pre pre, details details')).toHaveLength(0)
  })

  it('opens every collapsed section with its title and holds one code block or one list in it', () => {
    for (const section of Array.from(rendered.document.querySelectorAll('details'))) {
      expect(section.firstElementChild?.tagName).toBe('SUMMARY')
      const content = Array.from(section.children).slice(1)
      expect(content.map(element => element.tagName)).toEqual([content[0]?.tagName === 'OL' ? 'OL' : 'PRE'])
      if (content[0].tagName === 'PRE') expect(content[0].firstElementChild?.tagName).toBe('CODE')
    }
  })

  it('keeps each evidence text intact in a code block of its own collapsed section', () => {
    for (const block of report.evidence) {
      const section = Array.from(rendered.document.querySelectorAll('details')).find(
        element => element.querySelector('summary')?.textContent === block.title
      )
      expect(section?.querySelector('pre > code')?.textContent).toBe(`${block.text}\n`)
    }
  })

  it('has code blocks only in collapsed sections, but for an error that spans lines', () => {
    const loose = Array.from(rendered.document.querySelectorAll('pre')).filter(pre => !pre.closest('details'))
    expect(loose.map(pre => pre.textContent)).toEqual(report.error ? [`${report.error}\n`] : [])
  })
})

describe('what a job summary shows', () => {
  it('a failure: the verdict, the reasons, one row per object with cluster text in its own cell', async () => {
    const report = hostileFailureReport()
    const { document } = await writeAndRender(report)
    expect(document.querySelector('h2')?.textContent).toBe('❌ kube-deploy: apply failed')
    expect(tableCells(document.querySelectorAll('table')[0])).toEqual([
      ['Cluster', 'Namespace', 'Command', 'Duration'],
      ['https://k8s.example:6443', 'shop', 'apply', '9.4 s']
    ])
    const objects = tableCells(document.querySelectorAll('table')[1])
    expect(objects.map(cells => cells.length)).toEqual([7, 7, 7, 7, 7, 7])
    expect(objects.map(cells => cells.slice(0, 4).join(' '))).toEqual([
      'Object Namespace Action Status',
      'deployment/web shop configured ❌ failed',
      'deployment/api shop configured ❌ failed',
      'configmap/conf shop unchanged ✅ ready',
      'service/web shop unchanged ✅ ready',
      'clusterrole/shop-reader (cluster) created ✅ ready'
    ])
    expect(objects[2][5]).toBe(
      'api: images.example.com/shop/api:2.0.0migrate: images.example.com/shop/migrate:2.0.0'
    )
    // The message's blank line is a line break within the cell; its pipe and angle brackets are text.
    const apiMessage = document.querySelectorAll('table')[1].querySelectorAll('tr')[2].lastElementChild
    expect(apiMessage?.innerHTML).toBe(
      'CrashLoopBackOff | back-off 40s<br><br>restarting &lt;failed&gt; container api'
    )
    expect(Array.from(document.querySelectorAll('ul > li')).map(item => item.textContent)).toEqual(
      report.problems
    )
    const titles = Array.from(document.querySelectorAll('details > summary')).map(title => title.textContent)
    expect(titles).toEqual([
      'Timeline',
      'Evidence: deployment/web',
      'Evidence: deployment/api <script>',
      'What the step did'
    ])
    const codes = Array.from(document.querySelectorAll('details pre > code')).map(code => code.textContent)
    expect(codes.slice(1)).toEqual(report.evidence.map(block => `${block.text}\n`))
    expect(report.evidence[1].text).toContain('<script>alert("summary")</script></pre></details>')
  })

  it('a cancelled run: so says its title, then why and what was done before, then each object', async () => {
    const error =
      'cancelled (SIGTERM) during the wait for the rollout; it had changed 1 object: deployment/web created'
    const { document } = await writeAndRender({ ...timeoutReport(), status: 'cancelled', error })
    expect(document.querySelector('h2')?.textContent).toBe('🛑 kube-deploy: apply cancelled')
    expect(document.querySelector('p')?.textContent).toBe(`Error: ${error}`)
    expect(document.querySelector('h3')?.textContent).toBe('What was done before')
    expect(tableCells(document.querySelectorAll('table')[1])[1][0]).toBe('deployment/web')
  })

  it('leaves out the namespace column when every object is in the step’s namespace', async () => {
    const { document } = await writeAndRender(failureReport())
    expect(tableCells(document.querySelectorAll('table')[1])[0]).toEqual([
      'Object',
      'Action',
      'Status',
      'Ready',
      'Images',
      'Message'
    ])
  })

  it('a timeout: says so, and what was still not ready', async () => {
    const { document } = await writeAndRender(timeoutReport())
    expect(document.querySelector('h2')?.textContent).toBe('⏱️ kube-deploy: apply timed-out')
    expect(document.querySelector('h3')?.textContent).toBe('What went wrong')
    const objects = tableCells(document.querySelectorAll('table')[1])
    expect(objects[1].slice(0, 4)).toEqual(['deployment/web', 'configured', '⏳ not ready', '1/3'])
  })

  it('an early stop: the error first, whole, then what was done before it', async () => {
    const report = earlyErrorReport()
    const { document } = await writeAndRender(report)
    expect(document.querySelector('h2')?.textContent).toBe('⛔ kube-deploy: apply stopped before a verdict')
    expect(document.querySelector('p')?.textContent).toBe(
      'Error: the server refused deploy/web.yaml: Deployment.apps "web" is invalid:'
    )
    expect(document.querySelector('pre > code')?.textContent).toBe(`${report.error}\n`)
    expect(document.querySelector('h3')?.textContent).toBe('What was done before')
    expect(Array.from(document.querySelectorAll('ol > li')).map(item => item.textContent)).toEqual(
      report.done
    )
    expect(tableCells(document.querySelectorAll('table')[1])[1].slice(0, 3)).toEqual([
      'deployment/web',
      'configured',
      '— not waited'
    ])
  })

  it('an early stop with nothing done yet says so', async () => {
    const { document } = await writeAndRender({
      ...earlyErrorReport(),
      done: [],
      error: 'input "command": bad'
    })
    expect(Array.from(document.querySelectorAll('p')).map(paragraph => paragraph.textContent)).toEqual([
      'Error: input "command": bad',
      'Nothing: the step stopped before its first action.'
    ])
    expect(document.querySelectorAll('pre')).toHaveLength(0)
  })

  it('a selector-only run: the selector line and its pods that are not ready, with their reasons', async () => {
    const { document } = await writeAndRender(selectorOnlyReport())
    expect(document.querySelector('p')?.textContent).toBe(
      '❌ Pods matching app in (web, api),tier!=cache: 3, 2 of 3 pods not ready (namespace shop)'
    )
    expect(tableCells(document.querySelectorAll('table')[1])).toEqual([
      ['Pod', 'Container', 'Reason', 'Restarts', 'Message'],
      [
        'web-7d9f8b6c4-x2x9q',
        'web',
        '❌ CrashLoopBackOff',
        '4',
        'back-off 40s restarting failed containerexit code 1 | <oom>'
      ],
      ['web-7d9f8b6c4-m4k2p', '—', '⏳ Unschedulable', '0', '0/3 nodes are available: 3 Insufficient memory.']
    ])
  })

  it('a long list of pods is cut, and says how many more there are', async () => {
    const report = selectorOnlyReport()
    const pod = report.selector!.pods[1]
    report.selector!.pods = Array.from({ length: 25 }, (_, index) => ({ ...pod, pod: `web-${index}` }))
    const { document } = await writeAndRender(report)
    expect(tableCells(document.querySelectorAll('table')[1])).toHaveLength(21)
    expect(document.querySelectorAll('p')[1].textContent).toBe('… and 5 more pods not ready.')
  })

  it('a rollback: its own status and duration, what it restored and what went wrong in it', async () => {
    const { document } = await writeAndRender(rollbackReport())
    const headings = Array.from(document.querySelectorAll('h3')).map(title => title.textContent)
    expect(headings).toEqual(['What went wrong', '✅ Rollback: succeeded in 12.4 s'])
    const lists = Array.from(document.querySelectorAll('body > ul')).map(list =>
      Array.from(list.children).map(item => item.textContent)
    )
    expect(lists.slice(1)).toEqual([
      ['deployment/web restored', 'deployment/api restored'],
      ['deployment/api: took 11s to become ready again']
    ])
  })

  it('a rollback that was not needed has no duration', async () => {
    const report = rollbackReport()
    report.rollback = { status: 'not-needed', problems: [], restored: [] }
    const { document } = await writeAndRender(report)
    expect(document.querySelectorAll('h3')[1].textContent).toBe('➖ Rollback: not needed')
  })

  it('an error after the verdict keeps the verdict, with the error beside it', async () => {
    const report = { ...rollbackReport(), rollback: undefined, error: 'rollback: helm is not installed' }
    const { document } = await writeAndRender(report)
    expect(document.querySelector('h2')?.textContent).toBe('❌ kube-deploy: apply failed')
    expect(document.querySelector('p')?.textContent).toBe('Error: rollback: helm is not installed')
    expect(Array.from(document.querySelectorAll('h3')).map(title => title.textContent)).toEqual([
      'What was done before',
      'What went wrong'
    ])
  })

  it('an error before anything was known: no command, no cluster yet', async () => {
    const report: RolloutReport = {
      status: 'failed',
      command: '',
      server: '',
      namespace: '',
      durationSeconds: 0.02,
      rows: [],
      problems: [],
      evidence: [],
      done: [],
      error: 'input "command": must be one of apply, patch, helm, kubectl, status'
    }
    const { document } = await writeAndRender(report)
    expect(document.querySelector('h2')?.textContent).toBe('⛔ kube-deploy stopped before a verdict')
    expect(tableCells(document.querySelector('table')!)[1]).toEqual(['—', '—', '—', '0.0 s'])
  })
})

describe('the summary file', () => {
  it('keeps the phrases that runs are checked by', async () => {
    const report: RolloutReport = {
      ...rollbackReport(),
      status: 'succeeded',
      selector: {
        ...selectorOnlyReport().selector!,
        state: 'Current',
        message: '3 of 3 pods ready',
        pods: []
      }
    }
    const { markdown } = await writeAndRender(report)
    expect(markdown).toContain('kube-deploy: apply succeeded')
    expect(markdown).toContain('<code>deployment/web</code>')
    expect(markdown).toContain(
      'Pods matching <code>app in (web, api),tier!=cache</code>: 3, 3 of 3 pods ready'
    )
    expect(markdown).toContain('Rollback: succeeded')
    expect(markdown).toContain('```mermaid')
  })

  it('lists a long set by what matters: the objects not ready one by one, the ready ones counted', async () => {
    const { markdown, document } = await writeAndRender(largeReport(300, 3))
    const tables = [...document.querySelectorAll('table')].map(table =>
      [...table.querySelectorAll('tr')].map(row => [...row.children].map(cell => cell.textContent))
    )
    const objects = tables.find(rows => rows[0][0] === 'Object') ?? []
    expect(objects.slice(1).map(row => row[0])).toEqual([
      'deployment/web-000',
      'deployment/web-001',
      'deployment/web-002'
    ])
    expect(markdown).toContain('297 objects ready (each one is in the <code>resources</code> output):')
    expect(tables.find(rows => rows[0][0] === 'Kind')).toEqual([
      ['Kind', 'Action', 'Objects'],
      ['Deployment', 'created', '297']
    ])
    expect(Buffer.byteLength(markdown)).toBeLessThan(16 * 1024)
  })
})

describe('the Canary section', () => {
  it('shows both versions, their images and pods, and the traffic share of ready pods', async () => {
    const rendered = await writeAndRender(canaryReport())
    const heading = Array.from(rendered.document.querySelectorAll('h3')).find(h3 =>
      h3.textContent?.includes('Canary')
    )
    expect(heading?.textContent).toBe('🐤 Canary: deployed')
    expect(heading?.nextElementSibling?.textContent).toContain('traffic share (ready pods): 25%')
    const table = heading?.nextElementSibling?.nextElementSibling
    expect(tableCells(table as Element)).toEqual([
      ['Version', 'Deployment', 'Images', 'Ready'],
      ['stable', 'deployment/web', 'web: images.example.com/shop/web:1.4.2', '3/3'],
      ['canary', 'deployment/web-canary', 'web: images.example.com/shop/web:1.4.3', '1/1']
    ])
  })

  it('after a rejection: says the canary is gone, and lists only the stable version', async () => {
    const report = canaryReport()
    report.rows[0] = { ...report.rows[0], action: 'deleted', replicas: undefined }
    report.canary = { ...report.canary!, state: 'rejected' }
    const rendered = await writeAndRender(report)
    expect(textOutsideCode(rendered.document)).toContain(
      'deployment/web-canary is deleted, its pods are gone'
    )
  })
})
