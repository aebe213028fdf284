import * as path from 'node:path'
import type { CaseContext, HostileCase } from './hostile-case.js'
import type { CaseEvidence } from './hostile-suite.js'
import { maskLikeRunner } from './runner-masking.js'
import { findLeaks, redact, type Place } from './secret-leaks.js'

/**
 * Everything wrong with how the step treated one hostile case, one line per problem (empty when it
 * was refused as it should be). Lines name secrets and places, never a secret's value.
 */
export function problemsOf(hostile: HostileCase, c: CaseContext, evidence: CaseEvidence): string[] {
  const { main, post } = evidence
  const problems: string[] = []
  const shownLog = maskLikeRunner(main.log)

  if (main.exitCode !== 1) problems.push(`exit code ${main.exitCode}, not 1`)
  if (main.outputs.status !== 'failed')
    problems.push(`status output "${main.outputs.status ?? ''}", not "failed"`)
  const errors = shownLog.split('\n').filter(line => line.startsWith('::error'))
  if (!errors.some(line => hostile.error.test(line))) {
    const said =
      errors.length > 0 ? errors.map(line => clip(redact(line, c.known))).join(' | ') : 'no ::error:: line'
    problems.push(`error does not match ${String(hostile.error)}: ${said}`)
  }

  for (const change of evidence.clusterChanges) problems.push(`cluster changed: ${change}`)

  const places: Place[] = [
    { where: 'the log (masked as the runner does)', content: shownLog },
    { where: "the post step's log", content: maskLikeRunner(post.log) },
    { where: 'the job summary', content: main.summary },
    { where: 'the outputs', content: JSON.stringify(main.outputs) },
    ...evidence.processes.flatMap(process => {
      const program = path.basename(process.argv[0] ?? '?')
      return [
        { where: `the argv of ${program}`, content: process.argv.join(' ') },
        { where: `the environment of ${program}`, content: process.environment.join('\n') }
      ]
    }),
    ...evidence.files
  ]
  problems.push(...new Set(findLeaks(c.known, places).map(leak => `leaked: ${leak}`)))
  problems.push(...(hostile.alsoCheck?.(c) ?? []))
  return problems
}

function clip(text: string, length = 400): string {
  return text.length > length ? `${text.slice(0, length)}…` : text
}

/** One row's outcome for a report: the error lines the step showed (secrets named, not shown) and its problems. */
export function reportLine(
  group: string,
  hostile: HostileCase,
  c: CaseContext,
  evidence: CaseEvidence,
  problems: string[]
): { group: string; name: string; errors: string[]; problems: string[] } {
  const errors = maskLikeRunner(evidence.main.log)
    .split('\n')
    .filter(line => line.startsWith('::error'))
    .map(line => redact(line, c.known))
  return { group, name: hostile.name, errors, problems }
}
