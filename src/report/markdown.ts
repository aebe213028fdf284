/**
 * Building blocks of a job summary that GitHub renders the way it was meant, whatever the cluster says.
 *
 * GitHub renders the summary with cmark-gfm, where a raw HTML block (`<table>`, `<details>`, `<p>`, ...)
 * runs until the first blank line: a blank line inside one ends it early and the rest shows as text or
 * as code. So every HTML block here is written without any line break in it at all, and blocks are
 * joined by exactly one blank line (`joinBlocks`). Text that comes from the cluster or the user lands
 * either in HTML, escaped and on one line (`inlineText`), or in a fenced code block (`codeBlock`), where
 * nothing is interpreted: it never reaches places where Markdown syntax would be read.
 */

/** Escapes the characters that would start a tag or an entity in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * Text for an HTML block: escaped, and its line breaks written as `<br>` so that no line break (and so
 * no blank line) can end the block it sits in.
 */
export function inlineText(text: string): string {
  return escapeHtml(text.trim()).replace(/\r\n|\r|\n/g, '<br>')
}

/** One-line text for places where a line break means nothing (a table cell's name, a title). */
export function singleLine(text: string): string {
  return escapeHtml(text.replace(/\s+/g, ' ').trim())
}

/** Inline code in HTML: `<code>` with escaped, single-line text. */
export function code(text: string): string {
  return `<code>${singleLine(text)}</code>`
}

/**
 * A fenced code block that shows `text` exactly: the fence is one backtick longer than the longest run
 * of backticks in the text, so no line of it can close the block.
 */
export function codeBlock(text: string, language = ''): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(Math.max(3, longestRun + 1))
  const body = text.replace(/\r\n|\r/g, '\n').replace(/\n+$/, '')
  return `${fence}${language}\n${body}\n${fence}`
}

/**
 * A collapsed section whose content is Markdown blocks (a code block, a chart): the opening and the
 * closing tags stand apart, each its own HTML block, with blank lines around the content so that it
 * is read as Markdown.
 */
export function details(titleHtml: string, content: string[]): string {
  return joinBlocks([`<details><summary>${titleHtml}</summary>`, ...content, '</details>'])
}

/** A collapsed section whose content is HTML already (a list, a table): one HTML block, one line. */
export function detailsHtml(titleHtml: string, contentHtml: string): string {
  return `<details><summary>${titleHtml}</summary>${contentHtml}</details>`
}

export function heading(level: 2 | 3, contentHtml: string): string {
  return `<h${level}>${contentHtml}</h${level}>`
}

export function paragraph(contentHtml: string): string {
  return `<p>${contentHtml}</p>`
}

/** A list of HTML items (escape them first), on one line. */
export function list(itemsHtml: string[], ordered = false): string {
  const tag = ordered ? 'ol' : 'ul'
  return `<${tag}>${itemsHtml.map(item => `<li>${item}</li>`).join('')}</${tag}>`
}

/**
 * An HTML table on one line. Cells are HTML already (escape them first). It is HTML rather than a
 * Markdown table so that a `|` in cluster text cannot split a cell, and cells can hold `<br>` and code.
 */
export function table(headers: string[], rowsHtml: string[][]): string {
  const head = `<tr>${headers.map(header => `<th>${header}</th>`).join('')}</tr>`
  const body = rowsHtml.map(cells => `<tr>${cells.map(cell => `<td>${cell}</td>`).join('')}</tr>`)
  return `<table>${head}${body.join('')}</table>`
}

/**
 * Joins blocks with one blank line between them, which ends each HTML block where it should. Blocks
 * are trimmed of blank lines at their edges so that two blank lines never make an empty paragraph.
 */
export function joinBlocks(blocks: string[]): string {
  return blocks
    .map(block => block.replace(/^\n+|\n+$/g, ''))
    .filter(block => block.length > 0)
    .join('\n\n')
}
