import { jest } from '@jest/globals'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import type { ClusterClient } from '../src/cluster/client.js'
import type { Change, ChangePhase } from '../src/deploy/change-set.js'
import type { ChangePlan, CommandStrategy } from '../src/deploy/strategies/command-strategy.js'
import { deploy, DeployRun, runnerContext, type RolloutWaiter } from '../src/deploy-step.js'
import { getSettings } from '../src/inputs.js'
import type { ObjectRef } from '../src/kube-object.js'
import type { WaitResult } from '../src/rollout/outcome.js'
import { startReport } from '../src/report/rollout-report.js'
import { fakeRunnerEnv, KUBECONFIG, PLANTED_KUBECTL_INPUTS, type RunnerEnv } from './runner-env.js'

let runner: RunnerEnv
beforeEach(async () => {
  runner = await fakeRunnerEnv()
})
afterEach(() => runner.restore())

describe('deploy', () => {
  it('keeps what was done before a manifest error, and stops before the cluster is changed', async () => {
    await writeFile(
      path.join(runner.root, 'app.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels: {a: b}\n'
    )
    const inputs = { kubeconfig: KUBECONFIG, manifests: 'app.yaml', ...PLANTED_KUBECTL_INPUTS }
    const settings = getSettings(name => (inputs as Record<string, string>)[name] ?? '')
    const report = startReport()

    await expect(deploy(settings, runnerContext(), report)).rejects.toThrow(
      /app\.yaml:1: Deployment has no metadata\.name/
    )
    expect(report).toMatchObject({
      status: 'failed',
      command: 'apply',
      server: 'https://prod.example:6443',
      namespace: 'shop',
      rows: [],
      problems: []
    })
    // Nothing needed kubectl yet: it is installed on first use.
    expect(report.done).toEqual([])
    // The kubeconfig was written, its secrets masked and its folder saved for the post step.
    const state = await readFile(runner.file('state'), 'utf8')
    const workDir = /work-dir<<\S+\n(.+)\n/.exec(state)?.[1] ?? ''
    expect(existsSync(path.join(workDir, 'kubeconfig'))).toBe(true)
    expect(runner.stdout()).toContain('::add-mask::s3cr3t-token')
  })
})

describe('DeployRun', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    name: 'widgets.acme.io'
  }
  const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }
  const T0 = Date.UTC(2025, 0, 1)
  /** The clock moves only when the test says so: each phase and each wait takes a known time. */
  const takes = (seconds: number): void => jest.setSystemTime(Date.now() + seconds * 1000)
  const changed = (ref: ObjectRef): Change => ({
    ref,
    action: 'configured',
    previous: { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name } }
  })
  const phaseTaking = (seconds: number, name: string, ref: ObjectRef): ChangePhase => ({
    name,
    apply: () => {
      takes(seconds)
      return Promise.resolve([changed(ref)])
    }
  })
  const settingsWith = (inputs: Record<string, string>) =>
    getSettings(name => ({ kubeconfig: KUBECONFIG, manifests: 'k8s/', ...inputs })[name] ?? '')

  beforeEach(() => {
    jest.useFakeTimers({ now: T0, doNotFake: ['nextTick', 'setImmediate'] })
  })
  afterEach(() => {
    jest.useRealTimers()
  })

  it('shares one deadline from the first change to the verdict, and gives a rollback its own', async () => {
    const waits: { targets: string[]; deadline: number; selector?: string }[] = []
    const verdicts: WaitResult['status'][] = ['succeeded', 'failed', 'succeeded']
    const wait: RolloutWaiter = (targets, deadline, selector) => {
      waits.push({ targets: targets.map(ref => ref.name), deadline, selector })
      takes(10)
      const status = verdicts[waits.length - 1]
      return Promise.resolve({
        status,
        objects: targets.map(ref => ({
          ref,
          state: status === 'succeeded' ? ('Current' as const) : ('Failed' as const),
          message: status === 'succeeded' ? 'ready' : 'CrashLoopBackOff',
          pods: []
        })),
        problems: status === 'succeeded' ? [] : targets.map(ref => `${ref.name}: CrashLoopBackOff`)
      })
    }
    const plan: ChangePlan = {
      phases: [phaseTaking(5, 'apply CRDs', crd), phaseTaking(5, 'apply objects', web)],
      observed: [],
      alwaysWait: false
    }
    const undone: Change[][] = []
    const strategy: CommandStrategy = {
      plan: () => Promise.resolve(plan),
      undo: changes => {
        undone.push(changes)
        return Promise.resolve({ restored: [web] })
      }
    }
    const report = startReport()
    const settings = settingsWith({ timeout: '60s', selector: 'app=web', 'rollback-on-failure': 'true' })
    // The evidence is best effort: with no API to read, it costs a line per object.
    const noApi = {} as ClusterClient

    await new DeployRun(settings, runnerContext(T0), noApi, wait, report).carryOut(strategy, plan)

    expect(waits).toEqual([
      // CRDs first, within the deadline started by the first change; the selector waits for later.
      { targets: ['widgets.acme.io'], deadline: T0 + 60_000, selector: undefined },
      // The same deadline, 20 s later.
      { targets: ['widgets.acme.io', 'web'], deadline: T0 + 60_000, selector: 'app=web' },
      // The rollback starts at T0 + 30 s with a budget of its own.
      { targets: ['web'], deadline: T0 + 90_000, selector: 'app=web' }
    ])
    expect(undone).toEqual([[changed(crd), changed(web)]])
    expect(report).toMatchObject({
      status: 'failed',
      problems: ['widgets.acme.io: CrashLoopBackOff', 'web: CrashLoopBackOff'],
      done: ['apply CRDs: 1 configured', 'apply CRDs: ready', 'apply objects: 1 configured'],
      waitStartedAt: 20_000,
      rollback: { status: 'succeeded', restored: ['deployment/web restored'], durationSeconds: 10 }
    })
    expect(report.evidence.map(block => block.title)).toEqual([
      'Evidence: customresourcedefinition/widgets.acme.io',
      'Evidence: deployment/web'
    ])
    expect(report.evidence[1].text).toContain('(events of deployment/web could not be read')
  })

  it('a rollback that deletes (a rejected canary) waits until it is gone, and says what it did', async () => {
    const canary = { ...web, name: 'web-canary' }
    const waits: { targets: string[]; departures: string[] }[] = []
    const wait: RolloutWaiter = (targets, _deadline, _selector, departures = []) => {
      waits.push({
        targets: targets.map(ref => ref.name),
        departures: departures.map(d => `${d.ref.name} ${d.uid}`)
      })
      const status = waits.length === 1 ? 'failed' : 'succeeded'
      return Promise.resolve({
        status,
        objects: targets.map(ref => ({
          ref,
          state: status === 'failed' ? ('Failed' as const) : ('Current' as const),
          message: status === 'failed' ? 'ImagePullBackOff' : 'gone',
          pods: []
        })),
        problems: status === 'failed' ? ['web-canary: ImagePullBackOff'] : []
      })
    }
    const plan: ChangePlan = {
      phases: [phaseTaking(1, 'apply objects', canary)],
      observed: [web],
      alwaysWait: false
    }
    const strategy: CommandStrategy = {
      plan: () => Promise.resolve(plan),
      undo: () =>
        Promise.resolve({
          restored: [],
          removed: [{ ref: canary, uid: 'uid-canary' }],
          said: ['canary rejected: deployment/web-canary deleted']
        })
    }
    const report = startReport()
    const settings = settingsWith({ 'rollback-on-failure': 'true' })
    await new DeployRun(settings, runnerContext(T0), {} as ClusterClient, wait, report).carryOut(
      strategy,
      plan
    )
    expect(waits).toEqual([
      { targets: ['web-canary', 'web'], departures: [] },
      { targets: ['web-canary'], departures: ['web-canary uid-canary'] }
    ])
    expect(report.rollback).toMatchObject({
      status: 'succeeded',
      restored: ['canary rejected: deployment/web-canary deleted']
    })
  })

  it('command: status logs every object as it stands, the ready ones too, on one line each', async () => {
    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', namespace: 'shop' }
    const wait: RolloutWaiter = targets =>
      Promise.resolve({
        status: 'succeeded',
        objects: targets.map(ref => ({
          ref,
          state: 'Current' as const,
          message: 'paused: CanaryPauseStep; canary step 1/4\n::warning::x',
          pods: []
        })),
        problems: []
      })
    const plan: ChangePlan = { phases: [], observed: [rollout], alwaysWait: true }
    const strategy: CommandStrategy = {
      plan: () => Promise.resolve(plan),
      undo: () => Promise.resolve({ restored: [] })
    }
    const settings = getSettings(
      name => ({ kubeconfig: KUBECONFIG, command: 'status', target: 'rollout/web' })[name] ?? ''
    )
    await new DeployRun(settings, runnerContext(T0), {} as ClusterClient, wait, startReport()).carryOut(
      strategy,
      plan
    )
    expect(runner.stdout()).toContain(
      'rollout/web: ready: paused: CanaryPauseStep; canary step 1/4 ::warning::x\n'
    )
  })

  it('stops after a phase that is not ready, with its verdict in the report and the next phase not run', async () => {
    const wait: RolloutWaiter = targets =>
      Promise.resolve({
        status: 'timed-out',
        objects: targets.map(ref => ({
          ref,
          state: 'InProgress' as const,
          message: 'waiting for Established',
          pods: []
        })),
        problems: targets.map(ref => `${ref.name}: waiting for Established`)
      })
    let objectsApplied = false
    const plan: ChangePlan = {
      phases: [
        { name: 'apply CRDs', apply: () => Promise.resolve([changed(crd)]) },
        {
          name: 'apply objects',
          apply: () => {
            objectsApplied = true
            return Promise.resolve([])
          }
        }
      ],
      observed: [],
      alwaysWait: false
    }
    const strategy: CommandStrategy = {
      plan: () => Promise.resolve(plan),
      undo: () => Promise.reject(new Error('no undo after a failed phase'))
    }
    const report = startReport()
    const run = new DeployRun(settingsWith({}), runnerContext(T0), {} as ClusterClient, wait, report)

    await expect(run.carryOut(strategy, plan)).rejects.toThrow(
      'apply CRDs was not ready by the deadline, so apply objects did not run'
    )
    expect(objectsApplied).toBe(false)
    expect(report).toMatchObject({
      status: 'timed-out',
      problems: ['widgets.acme.io: waiting for Established'],
      done: ['apply CRDs: 1 configured']
    })
    expect(report.rows.map(row => [row.ref.name, row.status])).toEqual([['widgets.acme.io', 'in-progress']])
  })

  it('waits on what a phase removed until it is gone (by uid), and a selector that chose objects names no pods', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', name: 'conf', namespace: 'shop' }
    const waits: { targets: string[]; selector?: string; departures?: string[] }[] = []
    const wait: RolloutWaiter = (targets, _deadline, selector, departures) => {
      waits.push({
        targets: targets.map(ref => ref.name),
        selector,
        departures: departures?.map(departure => `${departure.ref.name}@${departure.uid ?? ''}`)
      })
      return Promise.resolve({
        status: 'succeeded',
        objects: targets.map(ref => ({ ref, state: 'Current' as const, message: 'gone', pods: [] })),
        problems: []
      })
    }
    const removed = (ref: ObjectRef, action: Change['action'], uid?: string): Change => ({
      ref,
      action,
      previous: uid
        ? { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, uid } }
        : undefined
    })
    const plan: ChangePlan = {
      phases: [
        { name: 'delete Deployment', apply: () => Promise.resolve([removed(web, 'deleted', 'u-web')]) },
        { name: 'delete ConfigMap', apply: () => Promise.resolve([removed(cm, 'already gone')]) }
      ],
      observed: [],
      alwaysWait: false,
      selectorChoosesObjects: true
    }
    const strategy: CommandStrategy = {
      plan: () => Promise.resolve(plan),
      undo: () =>
        Promise.resolve({ restored: [], nothingToUndo: 'command: delete cannot put back what it deleted' })
    }
    const report = startReport()
    const settings = getSettings(
      name =>
        ({
          kubeconfig: KUBECONFIG,
          command: 'delete',
          selector: 'app=web',
          kinds: 'deployments.apps,configmaps'
        })[name] ?? ''
    )
    await new DeployRun(settings, runnerContext(T0), {} as ClusterClient, wait, report).carryOut(
      strategy,
      plan
    )

    expect(waits).toEqual([
      { targets: ['web'], selector: undefined, departures: ['web@u-web'] },
      { targets: ['web', 'conf'], selector: undefined, departures: ['web@u-web', 'conf@'] }
    ])
    expect(report.done).toEqual([
      'delete Deployment: 1 deleted',
      'delete Deployment: gone',
      'delete ConfigMap: 1 already gone'
    ])
    expect(report.rows.map(row => [row.ref.name, row.action, row.status])).toEqual([
      ['web', 'deleted', 'ready'],
      ['conf', 'already gone', 'ready']
    ])
  })

  it('waits on an object removed and then created again as the new one, once', async () => {
    const waits: { targets: string[]; departures: string[] }[] = []
    const wait: RolloutWaiter = (targets, _deadline, _selector, departures) => {
      waits.push({
        targets: targets.map(ref => ref.name),
        departures: (departures ?? []).map(departure => `${departure.ref.name}@${departure.uid ?? ''}`)
      })
      return Promise.resolve({
        status: 'succeeded',
        objects: targets.map(ref => ({ ref, state: 'Current' as const, message: 'ready', pods: [] })),
        problems: []
      })
    }
    const old = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', uid: 'u-old' } }
    const plan: ChangePlan = {
      phases: [
        {
          name: 'remove the old deployment/web',
          apply: () => Promise.resolve([{ ref: web, action: 'deleted' as const, previous: old }])
        },
        { name: 'apply objects', apply: () => Promise.resolve([{ ref: web, action: 'created' as const }]) }
      ],
      observed: [],
      alwaysWait: false
    }
    const strategy: CommandStrategy = {
      plan: () => Promise.resolve(plan),
      undo: () => Promise.resolve({ restored: [] })
    }
    const report = startReport()
    await new DeployRun(settingsWith({}), runnerContext(T0), {} as ClusterClient, wait, report).carryOut(
      strategy,
      plan
    )
    expect(waits).toEqual([
      { targets: ['web'], departures: ['web@u-old'] },
      { targets: ['web'], departures: [] }
    ])
    expect(report.rows.map(row => [row.ref.name, row.action])).toEqual([['web', 'created']])
  })

  it.each([
    ['succeeded', true],
    ['failed', false],
    ['timed-out', false]
  ] as const)("after a rollout that %s, runs the strategy's clean-up: %s", async (status, runs) => {
    const wait: RolloutWaiter = targets =>
      Promise.resolve({
        status,
        objects: targets.map(ref => ({ ref, state: 'Current' as const, message: '', pods: [] })),
        problems: []
      })
    const plan: ChangePlan = {
      phases: [phaseTaking(1, 'apply objects', web)],
      observed: [],
      alwaysWait: false
    }
    let cleanedUp = false
    const strategy: CommandStrategy = {
      plan: () => Promise.resolve(plan),
      undo: () => Promise.resolve({ restored: [] }),
      afterSuccess: () => {
        cleanedUp = true
        return Promise.resolve()
      }
    }
    const run = new DeployRun(settingsWith({}), runnerContext(T0), {} as ClusterClient, wait, startReport())
    await run.carryOut(strategy, plan)
    expect(cleanedUp).toBe(runs)
  })
})
