import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { JSDOM } from 'jsdom'
import type { RolloutReport } from '../../../src/report/rollout-report.js'
import { writeSummary } from '../../../src/report/summary.js'
import { renderGfm } from '../../../scripts/render-gfm.js'

export interface RenderedSummary {
  /** What the action wrote to the step's summary file. */
  markdown: string
  /** That file rendered as GitHub renders it. */
  html: string
  document: Document
}

let summaryFile: Promise<string> | undefined

/**
 * The step's summary file. `@actions/core` keeps the first path it was given for the life of the
 * process, so a test file uses one file and empties it before each summary.
 */
function stepSummaryFile(): Promise<string> {
  summaryFile ??= (async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'summary-')), 'summary.md')
    process.env.GITHUB_STEP_SUMMARY = file
    return file
  })()
  return summaryFile
}

/** Writes the summary the way the action does, into an empty summary file, and renders it. */
export async function writeAndRender(report: RolloutReport): Promise<RenderedSummary> {
  const file = await stepSummaryFile()
  await writeFile(file, '')
  await writeSummary(report)
  const markdown = await readFile(file, 'utf8')
  const html = renderGfm(markdown)
  return { markdown, html, document: new JSDOM(html).window.document }
}

/** The text a reader sees outside code blocks: where a broken page shows tags and fences as text. */
export function textOutsideCode(document: Document): string {
  const body = document.body.cloneNode(true) as HTMLElement
  for (const block of Array.from(body.querySelectorAll('pre'))) block.remove()
  return body.textContent ?? ''
}

/** Each table as rows of cell texts, header row first; no-break spaces read as spaces. */
export function tableCells(table: Element): string[][] {
  return Array.from(table.querySelectorAll('tr')).map(row =>
    Array.from(row.querySelectorAll('th, td')).map(cell =>
      (cell.textContent ?? '').replace(/\u00a0/g, ' ').trim()
    )
  )
}
