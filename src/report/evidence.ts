import * as core from '@actions/core'
import { apiErrorMessage } from '../cluster/api-errors.js'
import type { CallOptions, ClusterClient } from '../cluster/client.js'
import { displayName, eventTime } from '../kube-object.js'
import type { PodProblem, WaitResult } from '../rollout/outcome.js'
import { mapConcurrent } from '../support/concurrency.js'
import { printUntrusted } from '../support/untrusted-text.js'

/** One preformatted block of evidence about one object (or the selector's pods). */
export interface EvidenceBlock {
  title: string
  text: string
}

/** At most this many pods per object are examined: one usually tells the story. */
const PODS_PER_OBJECT = 2
/** Beyond this many unready objects, the first ones tell the story and the rest cost API calls. */
const MAX_OBJECTS = 10
const OBJECTS_AT_ONCE = 4
const LOG_LINES = 20
const EVENTS_PER_OBJECT = 8
const LOG_RETRY_MS = 1500
/**
 * All the evidence of one verdict is asked for within this long: a server that stops answering
 * right after the verdict costs the step these seconds, not the job's hours.
 */
export const EVIDENCE_BUDGET_MS = 10_000

interface CoreEvent {
  type?: string
  reason?: string
  message?: string
  count?: number
}

/** What evidence is gathered about: an object, or the selector's pods. */
export interface EvidenceSubject {
  title: string
  header: string
  /** The object whose Warning events count; absent for the selector (it is no object). */
  object?: { kind: string; name: string; namespace: string }
  pods: PodProblem[]
}

/**
 * Collects what a person would look at after a rollout that did not succeed (failed or timed out):
 * for each object not ready and for the selector's pods when they are not, the reason, the object's
 * Warning events, and for its first pods (terminal problems first) the reason per container, the pod's
 * Warning events (probe failures come as `Unhealthy` events) and the log tail of a container that
 * restarted or failed. Best effort: a missing permission costs a line, not the report.
 */
export async function collectEvidence(
  client: ClusterClient,
  result: WaitResult,
  budgetMs = EVIDENCE_BUDGET_MS
): Promise<EvidenceBlock[]> {
  // The verdict already says the server is away: asking it more would only take time.
  if (result.apiTrouble) return []
  const subjects = evidenceSubjects(result)
  const shown = subjects.slice(0, MAX_OBJECTS)
  const call = { signal: AbortSignal.timeout(budgetMs), timeoutMs: budgetMs }
  const blocks = await mapConcurrent(shown, OBJECTS_AT_ONCE, subject => evidenceOf(client, subject, call))
  if (subjects.length > shown.length)
    blocks.push({
      title: `Evidence: ${subjects.length - shown.length} more not ready`,
      text: subjects
        .slice(shown.length)
        .map(subject => subject.header)
        .join('\n')
    })
  return blocks
}

/**
 * Prints the evidence in a collapsed group of the log. Events, termination messages and log lines are
 * anyone's text: printed with workflow commands off, so a line like `::add-mask::…` stays a line.
 */
export function logEvidence(
  blocks: EvidenceBlock[],
  print: (line: string) => void = line => core.info(line)
): void {
  if (blocks.length === 0) return
  core.startGroup('Evidence of the failure')
  printUntrusted(
    blocks.map(block => block.text),
    print
  )
  core.endGroup()
}

/** Objects that are not ready, failed ones first, then the selector's pods. */
export function evidenceSubjects(result: WaitResult): EvidenceSubject[] {
  const unready = result.objects
    .filter(outcome => outcome.state !== 'Current')
    .sort((a, b) => Number(b.state === 'Failed') - Number(a.state === 'Failed'))
  const subjects: EvidenceSubject[] = unready.map(outcome => ({
    title: `Evidence: ${displayName(outcome.ref)}`,
    header: `${displayName(outcome.ref)}: ${outcome.message}`,
    // Events of cluster-scoped objects are recorded in the default namespace.
    object: {
      kind: outcome.ref.kind,
      name: outcome.ref.name,
      namespace: outcome.ref.namespace ?? 'default'
    },
    pods: outcome.pods
  }))
  const selector = result.selector
  if (selector && selector.state !== 'Current')
    subjects.push({
      title: `Evidence: pods matching ${selector.expression}`,
      header: `pods matching "${selector.expression}" in ${selector.namespace}: ${selector.message}`,
      pods: selector.pods
    })
  return subjects
}

async function evidenceOf(
  client: ClusterClient,
  subject: EvidenceSubject,
  call: CallOptions
): Promise<EvidenceBlock> {
  const lines = [subject.header]
  if (subject.object) lines.push(...(await warningEvents(client, subject.object, call)))
  const pods = [...subject.pods]
    .sort((a, b) => Number(b.terminal) - Number(a.terminal))
    .slice(0, PODS_PER_OBJECT)
  for (const pod of pods) {
    lines.push(
      '',
      `pod ${pod.pod}${pod.container ? `, container ${pod.container}` : ''}: ${pod.reason}: ${pod.message}`
    )
    lines.push(
      ...(await warningEvents(client, { kind: 'Pod', name: pod.pod, namespace: pod.namespace }, call))
    )
    // A container that restarted has a previous instance whose log says why; a terminal problem may
    // be explained by the current one. A pod merely not ready yet has nothing in its log to show.
    if (pod.container && (pod.restarts > 0 || pod.terminal))
      lines.push(...(await logTail(client, pod, pod.container, call)))
  }
  if (subject.pods.length > pods.length)
    lines.push('', `(${subject.pods.length - pods.length} more pods not ready)`)
  return { title: subject.title, text: lines.join('\n') }
}

async function warningEvents(
  client: ClusterClient,
  object: { kind: string; name: string; namespace: string },
  call: CallOptions
): Promise<string[]> {
  const name = `${object.kind.toLowerCase()}/${object.name}`
  try {
    const list = await client.events(
      object.namespace,
      `involvedObject.kind=${object.kind},involvedObject.name=${object.name},type=Warning`,
      call
    )
    const events = (list as CoreEvent[]).sort((a, b) => eventTime(a) - eventTime(b)).slice(-EVENTS_PER_OBJECT)
    if (events.length === 0) return []
    return [
      `  warning events of ${name}:`,
      ...events.map(event => `    ${event.reason ?? ''} (x${event.count ?? 1}): ${event.message ?? ''}`)
    ]
  } catch (error) {
    core.debug(`events of ${name}: ${apiErrorMessage(error)}`)
    return [`  (events of ${name} could not be read: ${apiErrorMessage(error)})`]
  }
}

async function logTail(
  client: ClusterClient,
  pod: PodProblem,
  container: string,
  call: CallOptions
): Promise<string[]> {
  // The useful log of a container that restarted is its previous instance's; the current one follows.
  const instances = pod.restarts > 0 ? [true, false] : [false]
  let problem = ''
  // The kubelet may not serve a container's log at the very moment it fails: ask once more shortly after.
  for (const delayMs of [0, LOG_RETRY_MS]) {
    if (delayMs) {
      if (call.signal?.aborted) break
      await new Promise(resolve => setTimeout(resolve, delayMs))
    }
    for (const previous of instances) {
      try {
        const log = await client.podLog(
          pod.namespace,
          pod.pod,
          { container, tailLines: LOG_LINES, previous },
          call
        )
        const text = log.trimEnd()
        if (text) {
          const title = `  last log lines of ${container}${previous ? ' (previous instance)' : ''}:`
          return [title, ...text.split('\n').map(line => `    ${line}`)]
        }
      } catch (error) {
        problem = apiErrorMessage(error)
        core.debug(`log of ${pod.pod}/${container} (previous=${previous}): ${problem}`)
      }
    }
  }
  return [`  (no log available for ${container}${problem ? `: ${problem}` : ''})`]
}
