import { evidenceSubjects, logEvidence } from '../../src/report/evidence.js'
import type { PodProblem, WaitResult } from '../../src/rollout/outcome.js'

const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }
const api = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'shop' }
const conf = { apiVersion: 'v1', kind: 'ConfigMap', name: 'conf', namespace: 'shop' }
const widgets = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  name: 'widgets.acme.io'
}

const notReady: PodProblem = {
  pod: 'web-7d9f-abcde',
  namespace: 'shop',
  container: 'web',
  reason: 'ContainersNotReady',
  message: 'readiness probe failing',
  restarts: 0,
  terminal: false
}

describe('evidenceSubjects', () => {
  it('covers a timed-out wait: every object not ready, failed ones first, and the selector', () => {
    const result: WaitResult = {
      status: 'timed-out',
      objects: [
        { ref: conf, state: 'Current', message: 'stored', pods: [] },
        { ref: web, state: 'InProgress', message: '1 of 2 replicas available', pods: [notReady] },
        { ref: widgets, state: 'InProgress', message: 'waiting for Established', pods: [] },
        {
          ref: api,
          state: 'Failed',
          message: 'ProgressDeadlineExceeded: ReplicaSet "api-5c" has timed out progressing',
          pods: []
        }
      ],
      selector: {
        expression: 'app=web',
        namespace: 'shop',
        state: 'InProgress',
        message: '1 of 2 pods ready',
        matched: 2,
        pods: [notReady]
      },
      problems: []
    }
    const subjects = evidenceSubjects(result)
    expect(subjects.map(subject => subject.header)).toEqual([
      'deployment/api: ProgressDeadlineExceeded: ReplicaSet "api-5c" has timed out progressing',
      'deployment/web: 1 of 2 replicas available',
      'customresourcedefinition/widgets.acme.io: waiting for Established',
      'pods matching "app=web" in shop: 1 of 2 pods ready'
    ])
    expect(subjects[1]).toMatchObject({
      title: 'Evidence: deployment/web',
      object: { kind: 'Deployment', name: 'web', namespace: 'shop' },
      pods: [notReady]
    })
    // Events of a cluster-scoped object are recorded in the default namespace.
    expect(subjects[2].object).toEqual({
      kind: 'CustomResourceDefinition',
      name: 'widgets.acme.io',
      namespace: 'default'
    })
    // The selector is no object: its evidence is its pods.
    expect(subjects[3].object).toBeUndefined()
    expect(subjects[3]).toMatchObject({ title: 'Evidence: pods matching app=web', pods: [notReady] })
  })

  it('covers a selector-only run, and nothing when everything is ready', () => {
    const selector = {
      expression: 'app=nobody',
      namespace: 'shop',
      state: 'Failed' as const,
      message: 'no pod matches selector "app=nobody"',
      matched: 0,
      pods: []
    }
    expect(evidenceSubjects({ status: 'failed', objects: [], selector, problems: [] })).toHaveLength(1)
    expect(
      evidenceSubjects({
        status: 'succeeded',
        objects: [{ ref: conf, state: 'Current', message: 'stored', pods: [] }],
        selector: { ...selector, state: 'Current', message: '2 of 2 pods ready', matched: 2 },
        problems: []
      })
    ).toEqual([])
  })
})

describe('logEvidence', () => {
  it('prints events and log lines with workflow commands off, so none of them becomes a command', () => {
    const printed: string[] = []
    logEvidence(
      [
        {
          title: 'Evidence: deployment/web',
          text: [
            'deployment/web: CrashLoopBackOff',
            '  warning events of pod/web-1:',
            '    BackOff (x3): ::add-mask::hidden',
            '  last log lines of web:',
            '    ::stop-commands::mine',
            '::error::from the app\r::warning::after a carriage return \u001b[31mred\u001b[0m'
          ].join('\n')
        }
      ],
      line => printed.push(line)
    )
    const token = /^::stop-commands::([0-9a-f-]{36})$/.exec(printed[0])?.[1]
    expect(token).toBeDefined()
    expect(printed[printed.length - 1]).toBe(`::${token}::`)
    const inside = printed.slice(1, -1)
    expect(inside).toContain('    BackOff (x3): ::add-mask::hidden')
    expect(inside).toContain('::warning::after a carriage return red')
    expect(inside.join('\n')).not.toContain('\r')
    expect(inside.join('\n')).not.toContain('\u001b')
  })

  it('prints nothing when there is no evidence', () => {
    const printed: string[] = []
    logEvidence([], line => printed.push(line))
    expect(printed).toEqual([])
  })
})
