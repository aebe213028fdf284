import { JSDOM } from 'jsdom'

/** One bar of a gantt chart as mermaid itself understood it. */
export interface GanttTask {
  name: string
  section: string
  start: number
  end: number
  crit: boolean
}

interface GanttDb {
  getTasks(): { task: string; section: string; startTime: Date; endTime: Date; crit?: boolean }[]
}

interface Mermaid {
  initialize(config: { startOnLoad: boolean }): void
  mermaidAPI: { getDiagramFromText(text: string): Promise<{ type: string; db: unknown }> }
}

let loaded: Promise<Mermaid> | undefined

/**
 * mermaid expects a browser: it reads `window` and `document` when it loads (its sanitizer and its
 * renderers), so a jsdom window stands in for it. Parsing needs nothing more; drawing is not done.
 */
function loadMermaid(): Promise<Mermaid> {
  loaded ??= (async () => {
    const dom = new JSDOM('<!doctype html><html><body></body></html>')
    Object.assign(globalThis, { window: dom.window, document: dom.window.document })
    const mermaid = ((await import('mermaid')) as { default: Mermaid }).default
    mermaid.initialize({ startOnLoad: false })
    return mermaid
  })()
  return loaded
}

/**
 * Parses a gantt chart with mermaid's own parser and returns its tasks as mermaid computed them.
 * Throws mermaid's parse error when the chart is not valid.
 */
export async function parseGantt(text: string): Promise<GanttTask[]> {
  const mermaid = await loadMermaid()
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text)
  if (diagram.type !== 'gantt') throw new Error(`not a gantt chart but ${diagram.type}`)
  return (diagram.db as GanttDb).getTasks().map(task => ({
    name: task.task.trim(),
    section: task.section,
    start: task.startTime.getTime(),
    end: task.endTime.getTime(),
    crit: task.crit === true
  }))
}

interface StateDb {
  getRelations(): { id1: string; id2: string; relationTitle?: string }[]
}

/**
 * Parses a state diagram with mermaid's own parser: its transitions as `from --> to: label`
 * (`[*]` for the start). Throws mermaid's parse error when the diagram is not valid.
 */
export async function parseStateDiagram(text: string): Promise<string[]> {
  const mermaid = await loadMermaid()
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text)
  if (!diagram.type.startsWith('state')) throw new Error(`not a state diagram but ${diagram.type}`)
  const name = (id: string): string => (id.startsWith('root_') ? '[*]' : id)
  return (diagram.db as StateDb)
    .getRelations()
    .map(
      ({ id1, id2, relationTitle }) =>
        `${name(id1)} --> ${name(id2)}${relationTitle ? `: ${relationTitle}` : ''}`
    )
}
