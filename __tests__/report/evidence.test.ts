import { ClusterApiError } from '../../src/cluster/api-errors.js'
import type { CallOptions, ClusterClient } from '../../src/cluster/client.js'
import { collectEvidence, evidenceSubjects, logEvidence } from '../../src/report/evidence.js'
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

describe('collectEvidence', () => {
  /** A client that never answers: each call ends only when its signal aborts. */
  function silentClient(): { client: ClusterClient; calls: string[] } {
    const calls: string[] = []
    const hang = (what: string, call?: CallOptions): Promise<never> => {
      calls.push(what)
      const failure = new ClusterApiError(`the API server did not answer ${what}`, undefined, undefined, true)
      // As the transport does: a request under a signal already aborted fails at once.
      if (call?.signal?.aborted) return Promise.reject(failure)
      return new Promise((_, reject) => call?.signal?.addEventListener('abort', () => reject(failure)))
    }
    const client = {
      events: (_namespace: string, _selector: string, call?: CallOptions) => hang('events', call),
      podLog: (_namespace: string, _pod: string, _options: unknown, call?: CallOptions) => hang('log', call)
    } as unknown as ClusterClient
    return { client, calls }
  }

  const timedOut = (apiTrouble?: string): WaitResult => ({
    status: 'timed-out',
    objects: [
      {
        ref: web,
        state: 'InProgress',
        message: '1 of 2 replicas available',
        pods: [{ ...notReady, restarts: 2 }]
      }
    ],
    problems: [],
    ...(apiTrouble ? { apiTrouble } : {})
  })

  it('gives a server that stops answering its budget, not the job', async () => {
    const { client, calls } = silentClient()
    const started = Date.now()
    const blocks = await collectEvidence(client, timedOut(), 200)
    expect(Date.now() - started).toBeLessThan(1500)
    expect(calls.length).toBeGreaterThan(0)
    expect(blocks[0].text).toContain('could not be read: the API server did not answer events')
  })

  it('asks nothing of a server the verdict says is away', async () => {
    const { client, calls } = silentClient()
    const blocks = await collectEvidence(
      client,
      timedOut('the API server was unreachable since 10:00:02 UTC')
    )
    expect(blocks).toEqual([])
    expect(calls).toEqual([])
  })
})
