/**
 * A page that shows rendered summary HTML the way a job's summary looks on GitHub: the summary box,
 * GitHub's Markdown styles (the parts a summary uses), and mermaid charts drawn by mermaid.
 */

export interface PageOptions {
  /** URL of mermaid's browser bundle. */
  mermaidScript: string
  /** Leave collapsed sections closed, as GitHub first shows them. */
  collapsed: boolean
}

const STYLES = `
  body { margin: 0; padding: 16px; background: #f6f8fa; color: #1f2328;
    font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif,
      "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
    font-size: 14px; line-height: 1.5; }
  .summary-box { background: #ffffff; border: 1px solid #d1d9e0; border-radius: 6px; }
  .summary-box > header { padding: 16px 24px; border-bottom: 1px solid #d1d9e0; font-weight: 600; font-size: 16px; }
  .markdown-body { padding: 8px 24px 24px; }
  .markdown-body > :first-child { margin-top: 8px; }
  h2 { font-size: 1.5em; font-weight: 600; margin: 24px 0 16px; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
  h3 { font-size: 1.25em; font-weight: 600; margin: 24px 0 16px; }
  p, ul, ol, table, pre, details { margin: 0 0 16px; }
  ul, ol { padding-left: 2em; }
  li + li { margin-top: .25em; }
  table { border-spacing: 0; border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; }
  th { font-weight: 600; }
  th, td { padding: 6px 13px; border: 1px solid #d1d9e0; vertical-align: top; }
  tr { background: #ffffff; border-top: 1px solid #d1d9e0b3; }
  tr:nth-child(2n) { background: #f6f8fa; }
  code { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
    font-size: 85%; padding: .2em .4em; border-radius: 6px; background: #818b981f; white-space: break-spaces; }
  pre { padding: 16px; overflow: auto; font-size: 85%; line-height: 1.45; background: #f6f8fa; border-radius: 6px; }
  pre code { padding: 0; background: transparent; font-size: 100%; white-space: pre; }
  details > summary { cursor: pointer; }
  details[open] > summary { margin-bottom: 8px; }
  pre.mermaid { background: #ffffff; border: 1px solid #d1d9e0; text-align: center; }
`

/** Draws the charts, opens or keeps closed the sections, then tells the page's height to the caller. */
function pageScript(collapsed: boolean): string {
  return `
  document.querySelectorAll('pre > code.language-mermaid').forEach(code => {
    const chart = document.createElement('pre')
    chart.className = 'mermaid'
    chart.textContent = code.textContent
    code.parentElement.replaceWith(chart)
  })
  const sections = Array.from(document.querySelectorAll('details'))
  // Charts are drawn with their sections open: mermaid measures text, which a closed section hides.
  sections.forEach(section => { section.open = true })
  const done = () => {
    if (${collapsed}) sections.forEach(section => { section.open = false })
    document.body.dataset.pageHeight = String(document.documentElement.scrollHeight)
  }
  mermaid.initialize({ startOnLoad: false, theme: 'default', gantt: { useWidth: 880 } })
  mermaid.run({ querySelector: 'pre.mermaid' }).then(done, error => { console.error(error); done() })
`
}

export function summaryPage(summaryHtml: string, options: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Job summary</title>
<style>${STYLES}</style>
<script src="${options.mermaidScript}"></script>
</head>
<body>
<section class="summary-box">
<header>deploy summary</header>
<div class="markdown-body">
${summaryHtml}
</div>
</section>
<script>${pageScript(options.collapsed)}</script>
</body>
</html>
`
}
