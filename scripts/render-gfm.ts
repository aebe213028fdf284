import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'

/**
 * Markdown to HTML the way GitHub reads a job summary: CommonMark with the GFM extensions, raw HTML
 * passed through, and GFM's tag filter. micromark follows the CommonMark spec that cmark-gfm
 * implements, so an HTML block ends at the first blank line here as it does on GitHub.
 */
export function renderGfm(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()]
  })
}
