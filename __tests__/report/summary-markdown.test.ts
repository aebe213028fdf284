import { codeBlock, details, inlineText, joinBlocks, singleLine, table } from '../../src/report/markdown.js'
import { renderGfm } from '../../scripts/render-gfm.js'

describe('summary markdown helpers', () => {
  it('fence a code block longer than any run of backticks in it', () => {
    expect(codeBlock('plain')).toBe('```\nplain\n```')
    expect(codeBlock('a ``` b\n`````')).toBe('``````\na ``` b\n`````\n``````')
    expect(codeBlock('x', 'mermaid')).toBe('```mermaid\nx\n```')
  })

  it('keep a code block exactly as given, blank lines and carriage returns included', () => {
    const text = 'one\r\n\r\n  two\n    \n```\nthree'
    expect(renderGfm(codeBlock(text))).toBe('<pre><code>one\n\n  two\n    \n```\nthree\n</code></pre>')
  })

  it('write inline text escaped and on one line', () => {
    expect(inlineText('a <b> & c\n\nd\r\ne')).toBe('a &lt;b&gt; &amp; c<br><br>d<br>e')
    expect(singleLine(' a\n\n b\t<c> ')).toBe('a b &lt;c&gt;')
  })

  it('put blank lines around a collapsed section’s Markdown content, and none inside an HTML block', () => {
    expect(details('T', [codeBlock('x\n\ny')])).toBe(
      '<details><summary>T</summary>\n\n```\nx\n\ny\n```\n\n</details>'
    )
    expect(table(['A'], [['1<br>2']])).not.toContain('\n')
    expect(joinBlocks(['\n<p>a</p>\n\n', '', '<p>b</p>'])).toBe('<p>a</p>\n\n<p>b</p>')
  })
})
