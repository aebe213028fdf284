import { readFile } from 'node:fs/promises'
import * as path from 'node:path'
import { parseStateDiagram } from './report/support/mermaid.js'

const README = path.join(
  import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname),
  '..',
  'README.md'
)

/** The mermaid blocks of the README, each with the heading of the section it is in. */
async function mermaidBlocks(): Promise<{ section: string; text: string }[]> {
  const markdown = await readFile(README, 'utf8')
  const blocks: { section: string; text: string }[] = []
  let section = ''
  for (const part of markdown.split(/^```/m).entries()) {
    const [index, text] = part
    if (index % 2 === 0) {
      section = [...text.matchAll(/^#+ (.+)$/gm)].pop()?.[1] ?? section
    } else if (text.startsWith('mermaid\n')) {
      blocks.push({ section, text: text.slice('mermaid\n'.length) })
    }
  }
  return blocks
}

describe('the README', () => {
  it('draws the Argo Rollout states with the commands that move between them, as mermaid parses them', async () => {
    const [rollout] = (await mermaidBlocks()).filter(block => block.section.startsWith('Argo Rollouts'))
    expect(await parseStateDiagram(rollout.text)).toEqual([
      '[*] --> Progressing: apply a new revision',
      'Healthy --> Progressing: apply a new revision',
      'Progressing --> Paused: a pause step or a blue-green preview',
      'Paused --> Progressing: promote',
      'Paused --> Healthy: promote with promote-full',
      'Progressing --> Healthy: the last step is done',
      'Progressing --> Aborted: abort',
      'Paused --> Aborted: abort',
      'Progressing --> Degraded: analysis failed or progress deadline',
      'Aborted --> Progressing: apply a new revision'
    ])
  })

  it('draws the canary of a plain Deployment with the commands that end it, as mermaid parses them', async () => {
    const [canary] = (await mermaidBlocks()).filter(block => block.section.startsWith('Canary on plain'))
    expect(await parseStateDiagram(canary.text)).toEqual([
      '[*] --> Stable: apply',
      'Stable --> Canary: apply with strategy canary',
      'Canary --> Canary: apply with strategy canary',
      'Canary --> Stable: promote',
      'Canary --> Stable: reject',
      'Canary --> Stable: the canary fails with rollback-on-failure'
    ])
  })

  it('draws the blue-green states of a plain Deployment, as mermaid parses them', async () => {
    const [blueGreen] = (await mermaidBlocks()).filter(block => block.section.startsWith('Blue-green'))
    expect(await parseStateDiagram(blueGreen.text)).toEqual([
      '[*] --> Live: first deploy, live once ready',
      'Live --> Pending: deploy, the other color behind the preview Service',
      'Pending --> Pending: deploy again, refused',
      'Pending --> Live: promote, the Service switches once the new color is ready',
      'Pending --> Live: reject, the new color deleted',
      'Pending --> Live: the deploy fails with rollback-on-failure, the new color scaled to zero'
    ])
  })
})
