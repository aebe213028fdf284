import * as core from '@actions/core'
import type { ClusterClient } from '../cluster/client.js'
import { errorMessage } from '../support/errors.js'
import { displayName } from '../kube-object.js'
import type { ObjectOutcome } from './wait.js'

/** At most this many failing pods per workload are examined: one usually tells the story. */
const PODS_PER_WORKLOAD = 2
const LOG_LINES = 20
const EVENTS_PER_OBJECT = 8
const LOG_RETRY_MS = 1500

interface CoreEvent {
  type?: string
  reason?: string
  message?: string
  count?: number
  lastTimestamp?: Date | string
  eventTime?: Date | string
}

/**
 * Collects what a person would look at after a failed rollout: for each failed workload, its failing
 * pods (container, reason, message), the recent Warning events of the workload and those pods, and the
 * last lines of the failing container's log. Best effort: a missing permission costs a line, not the report.
 */
export async function collectEvidence(
  client: ClusterClient,
  failed: ObjectOutcome[]
): Promise<{ title: string; text: string }[]> {
  const blocks: { title: string; text: string }[] = []
  for (const outcome of failed) {
    const namespace = outcome.ref.namespace ?? 'default'
    const lines: string[] = [`${displayName(outcome.ref)}: ${outcome.message}`]
    lines.push(...(await warningEvents(client, namespace, outcome.ref.name)))
    for (const pod of outcome.pods.filter(problem => problem.terminal).slice(0, PODS_PER_WORKLOAD)) {
      lines.push(
        '',
        `pod ${pod.pod}${pod.container ? ` container ${pod.container}` : ''}: ${pod.reason}: ${pod.message}`
      )
      lines.push(...(await warningEvents(client, namespace, pod.pod)))
      if (pod.container) lines.push(...(await logTail(client, namespace, pod.pod, pod.container)))
    }
    blocks.push({ title: `Evidence: ${displayName(outcome.ref)}`, text: lines.join('\n') })
  }
  return blocks
}

async function warningEvents(client: ClusterClient, namespace: string, name: string): Promise<string[]> {
  try {
    const list = await client.core.listNamespacedEvent({
      namespace,
      fieldSelector: `involvedObject.name=${name},type=Warning`
    })
    const events = (list.items as CoreEvent[]).sort((a, b) => time(a) - time(b)).slice(-EVENTS_PER_OBJECT)
    if (events.length === 0) return []
    return [
      `  warning events of ${name}:`,
      ...events.map(event => `    ${event.reason ?? ''} (x${event.count ?? 1}): ${event.message ?? ''}`)
    ]
  } catch (error) {
    core.debug(`events of ${name}: ${String(error)}`)
    return [`  (events of ${name} could not be read)`]
  }
}

async function logTail(
  client: ClusterClient,
  namespace: string,
  pod: string,
  container: string
): Promise<string[]> {
  let problem = ''
  // The kubelet may not serve a container's log at the very moment it fails: ask once more shortly after.
  for (const delayMs of [0, LOG_RETRY_MS]) {
    if (delayMs) await new Promise(resolve => setTimeout(resolve, delayMs))
    // A crash-looping container's useful log is the previous instance's; fall back to the current one.
    for (const previous of [true, false]) {
      try {
        const log = await client.core.readNamespacedPodLog({
          name: pod,
          namespace,
          container,
          tailLines: LOG_LINES,
          previous
        })
        const text = String(log).trimEnd()
        if (text) {
          const title = `  last log lines of ${container}${previous ? ' (previous instance)' : ''}:`
          return [title, ...text.split('\n').map(line => `    ${line}`)]
        }
      } catch (error) {
        problem = apiMessage(error)
        core.debug(`log of ${pod}/${container} (previous=${previous}): ${problem}`)
      }
    }
  }
  return [`  (no log available for ${container}${problem ? `: ${problem}` : ''})`]
}

/** The server's own words from a failed API call, rather than the client's generic wrapper. */
function apiMessage(error: unknown): string {
  const body = (error as { body?: unknown }).body
  if (typeof body === 'string') {
    try {
      return (JSON.parse(body) as { message?: string }).message ?? body
    } catch {
      return body
    }
  }
  return errorMessage(error).split('\n')[0]
}

function time(event: CoreEvent): number {
  const value = event.lastTimestamp ?? event.eventTime
  return value ? new Date(value).getTime() : 0
}
