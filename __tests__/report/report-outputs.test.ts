import { buildRows, imagesOutput, resourcesOutput } from '../../src/report/rollout-report.js'
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

describe('report outputs', () => {
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
})
