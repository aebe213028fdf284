import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { toRef, type KubeObject, type ObjectRef } from '../../../src/kube-object.js'
import { EMPTY_MEMORY, type JudgeMemory } from '../../../src/rollout/grace-clock.js'
import { judge, type Judgement } from '../../../src/rollout/judge.js'
import type { JudgePolicy } from '../../../src/rollout/rules/rule.js'
import { snapshotOf } from '../../../src/rollout/snapshot.js'

/** A state captured from the local control plane: the objects as the API served them, at one instant. */
export interface Scenario {
  scenario: string
  description: string
  objects: KubeObject[]
}

const DATA = path.join(
  import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname),
  '..',
  '..',
  'data',
  'cluster'
)

/** Reads a captured scenario, fresh for every call (cases may edit it). */
export function scenario(name: string): Scenario {
  return JSON.parse(readFileSync(path.join(DATA, `${name}.json`), 'utf8')) as Scenario
}

export const DEFAULT_POLICY: JudgePolicy = {
  failFast: true,
  readyConditions: {},
  failureConditions: {},
  reportingKinds: new Set(),
  pullErrorGraceMs: 5_000,
  unschedulableGraceMs: 60_000,
  emptySelectorGraceMs: 10_000
}

/** The instant the judge is asked at: any fixed time; graces are measured from the memory. */
export const NOW = Date.parse('2026-11-26T09:00:00Z')

/** The one object of `kind` in the scenario (or the one named `name`). */
export function find(objects: KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.filter(
    object => object.kind === kind && (name === undefined || object.metadata.name === name)
  )
  if (found.length !== 1)
    throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`)
  return found[0]
}

export interface JudgeCase {
  /** The fixture under __tests__/data/cluster. */
  scenario: string
  /**
   * The object to wait for: the one of this kind in the scenario, or a full reference (which need not
   * exist); none for a selector-only case.
   */
  target?: string | ObjectRef
  selector?: string
  policy?: Partial<JudgePolicy>
  /** How long every transient problem (pull error, unschedulable, empty selector) has lasted, in ms. */
  lastedMs?: number
  /** A small edit of the captured objects, to show a transition the capture did not stop at. */
  edit?: (objects: KubeObject[]) => void
  /** The target is one the run deleted (with this uid, when given): the wait is for it to be gone. */
  deleted?: { uid?: string }
}

/** Judges a case: the target found in the scenario, the selector in the scenario's namespace. */
export function judgeCase(testCase: JudgeCase): Judgement & { targets: ObjectRef[] } {
  const { objects } = scenario(testCase.scenario)
  testCase.edit?.(objects)
  const targets: ObjectRef[] = []
  if (typeof testCase.target === 'string') targets.push(toRef(find(objects, testCase.target)))
  else if (testCase.target) targets.push(testCase.target)
  const namespace = objects.find(object => object.metadata.namespace)?.metadata.namespace ?? 'default'
  const plan = {
    targets,
    selector: testCase.selector ? { expression: testCase.selector, namespace } : undefined,
    departures: testCase.deleted ? targets.map(ref => ({ ref, uid: testCase.deleted?.uid })) : undefined
  }
  const policy = { ...DEFAULT_POLICY, ...testCase.policy }
  const snapshot = snapshotOf(objects)
  let judgement = judge(plan, snapshot, NOW, EMPTY_MEMORY, policy)
  if (testCase.lastedMs !== undefined) {
    // The first judgement names the problems it is counting; the second sees them as that old.
    const lasted = testCase.lastedMs
    const memory: JudgeMemory = {
      firstSeen: Object.fromEntries(Object.keys(judgement.memory.firstSeen).map(key => [key, NOW - lasted]))
    }
    judgement = judge(plan, snapshot, NOW, memory, policy)
  }
  return { ...judgement, targets }
}
