import { displayName, refKey, type ObjectRef } from '../kube-object.js'
import { judgeDeparture, type Departure } from './departure.js'
import { GraceClock, type JudgeMemory } from './grace-clock.js'
import type { ObjectOutcome, PodProblem, RolloutState } from './outcome.js'
import { imagesOf } from './revision.js'
import { ruleFor } from './rules/registry.js'
import type { JudgePolicy } from './rules/rule.js'
import { judgeSelector, type SelectorPlan, type SelectorVerdict } from './selector.js'
import type { Snapshot } from './snapshot.js'

/** What the wait is about: the objects the step changed (or observes), and the selector's pods. */
export interface JudgePlan {
  targets: ObjectRef[]
  selector?: SelectorPlan
  /** Targets the run deleted: each is done once gone (see departure.ts). */
  departures?: Departure[]
}

/** One object's verdict: an outcome without the time it settled (the wait keeps time). */
export type ObjectVerdict = Omit<ObjectOutcome, 'settledAt'>

export interface Judgement {
  /** Set once the whole wait is decided: every object ready, or one failed. */
  verdict?: 'succeeded' | 'failed'
  objects: ObjectVerdict[]
  selector?: SelectorVerdict
  /** The memory for the next evaluation. */
  memory: JudgeMemory
  /** Evaluate again at this time even if nothing changes: a grace period ends then. */
  wakeAt?: number
}

/**
 * The whole verdict, in one pure function: each target by its kind's rule (its pods and revisions
 * included), then the selector's pods, from one snapshot at one instant. Same snapshot, time and
 * memory give the same judgement, which is what the table tests rely on.
 */
export function judge(
  plan: JudgePlan,
  snapshot: Snapshot,
  now: number,
  memory: JudgeMemory,
  policy: JudgePolicy
): Judgement {
  const clock = new GraceClock(now, memory)
  const departures = new Map((plan.departures ?? []).map(departure => [refKey(departure.ref), departure]))
  const objects = plan.targets.map((ref): ObjectVerdict => {
    const departure = departures.get(refKey(ref))
    if (departure) return { ref, ...judgeDeparture(departure, snapshot.object(ref)), pods: [] }
    const rule = ruleFor(ref)
    // Objects without a rollout are ready once stored; the apply already said so.
    if (!rule) return { ref, state: 'Current', message: 'stored', pods: [] }
    const object = snapshot.object(ref)
    if (!object) return { ref, state: 'InProgress', message: 'not found (yet)', pods: [] }
    const result = rule({ object, cluster: snapshot.namespace(ref.namespace ?? ''), policy, clock })
    return {
      ref,
      state: result.state,
      message: result.message,
      replicas: result.replicas,
      images: result.currentPods && imagesOf(result.currentPods),
      pods: result.pods ?? []
    }
  })
  const states: RolloutState[] = objects.map(object => object.state)
  const selector =
    plan.selector &&
    judgeSelector(
      plan.selector,
      snapshot,
      policy,
      clock,
      states.every(state => state === 'Current')
    )
  if (selector) states.push(selector.state)
  const verdict = states.includes('Failed')
    ? 'failed'
    : states.every(state => state === 'Current')
      ? 'succeeded'
      : undefined
  const { memory: next, wakeAt } = clock.result()
  return { verdict, objects, selector, memory: next, wakeAt }
}

/**
 * For an object still in progress, the pod problem that keeps it there: at a timeout, "0 of 1 replicas
 * available" alone does not say why.
 */
function stillWaitingOn(object: { state: RolloutState; pods: PodProblem[] }): string {
  const problem = object.state === 'InProgress' ? object.pods[0] : undefined
  return problem ? ` (pod ${problem.pod}: ${problem.reason}: ${problem.message})` : ''
}

/** One line per object that is not ready, failures first: what the step's error and summary name. */
export function problemsOf(
  judgement: {
    objects: ObjectVerdict[]
    selector?: { state: RolloutState; message: string; pods: PodProblem[] }
  },
  expression?: string
): string[] {
  const lines: { failed: boolean; text: string }[] = judgement.objects
    .filter(object => object.state !== 'Current')
    .map(object => ({
      failed: object.state === 'Failed',
      text: `${displayName(object.ref)}: ${object.message}${stillWaitingOn(object)}`
    }))
  const selector = judgement.selector
  if (selector && selector.state !== 'Current') {
    lines.push({
      failed: selector.state === 'Failed',
      text: `pods matching "${expression ?? ''}": ${selector.message}${stillWaitingOn(selector)}`
    })
  }
  return lines.sort((a, b) => Number(b.failed) - Number(a.failed)).map(line => line.text)
}
