import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import * as core from '@actions/core'
import {
  buildRows,
  imagesOutput,
  resourcesOutput,
  safeServer,
  type RolloutReport
} from '../../src/report/rollout-report.js'
import { timeline, writeSummary } from '../../src/report/summary.js'
import type { WaitResult } from '../../src/rollout/outcome.js'

const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }
const conf = { apiVersion: 'v1', kind: 'ConfigMap', name: 'conf', namespace: 'shop' }
const wait: WaitResult = {
  status: 'failed',
  objects: [
    {
      ref: web,
      state: 'Failed',
      message: 'ImagePullBackOff: Back-off pulling image "x:1" (pod web-1)',
      settledAt: 4200,
      replicas: '0/3',
      images: { web: 'x:1' },
      pods: []
    },
    { ref: conf, state: 'Current', message: 'stored', settledAt: 900, pods: [] }
  ],
  problems: ['deployment/web: ImagePullBackOff: Back-off pulling image "x:1" (pod web-1)']
}

describe('report', () => {
  const rows = buildRows(
    [
      { ref: web, action: 'configured' },
      { ref: conf, action: 'unchanged' }
    ],
    [web, conf],
    wait
  )

  it('fills the outputs', () => {
    expect(JSON.parse(resourcesOutput(rows))).toEqual([
      {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        action: 'configured',
        status: 'failed',
        message: 'ImagePullBackOff: Back-off pulling image "x:1" (pod web-1)'
      },
      {
        kind: 'ConfigMap',
        namespace: 'shop',
        name: 'conf',
        action: 'unchanged',
        status: 'ready',
        message: 'stored'
      }
    ])
    expect(JSON.parse(imagesOutput(rows))).toEqual({ 'deployment/web': { web: 'x:1' } })
  })

  it('never shows credentials of the server URL', () => {
    expect(safeServer('https://admin:hunter2@k8s.example:6443/')).toBe('https://k8s.example:6443')
  })

  it('writes the job summary with the table, the reason and a timeline', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'summary-')), 'summary.md')
    await writeFile(file, '')
    process.env.GITHUB_STEP_SUMMARY = file
    const report: RolloutReport = {
      status: 'failed',
      command: 'apply',
      server: 'https://k8s.example:6443',
      namespace: 'shop',
      durationSeconds: 5.25,
      waitStartedAt: 800,
      rows,
      problems: wait.problems,
      done: [],
      evidence: [{ title: 'Evidence: deployment/web', text: 'pod web-1 container web: ImagePullBackOff <x>' }]
    }
    await writeSummary(report)
    core.summary.emptyBuffer()
    const html = await readFile(file, 'utf8')
    expect(html).toContain('kube-deploy: apply failed')
    expect(html).toContain('<code>deployment/web</code>')
    expect(html).toContain('❌ failed')
    expect(html).toContain('ImagePullBackOff: Back-off pulling image "x:1"')
    expect(html).toContain('```mermaid')
    expect(html).toContain('&lt;x&gt;')
    expect(timeline(report)).toContain('  deployment/web :crit, 800, 4200')
  })
})
