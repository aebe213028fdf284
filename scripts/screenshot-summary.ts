import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { renderGfm } from './render-gfm.js'
import { summaryPage } from './summary-page.js'

/**
 * Screenshots a job summary as GitHub shows it: the Markdown file the action wrote, rendered by the
 * same GFM renderer the tests use, with GitHub-like styles and the mermaid timeline drawn by mermaid,
 * taken by headless Chromium (Debian's `chromium` package).
 *
 *   npx tsx scripts/screenshot-summary.ts summary.md docs/summary-failure.png [--width 1000] [--collapsed]
 *
 * Collapsed sections are shown open unless --collapsed: the picture is there to show what they hold.
 */

const run = promisify(execFile)
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
/** Time the page gets to run its scripts (mermaid) before Chromium reads it, in virtual time. */
const SCRIPT_BUDGET_MS = 15_000

interface Options {
  input: string
  output: string
  width: number
  collapsed: boolean
}

function parseArguments(args: string[]): Options {
  const positional: string[] = []
  let width = 1000
  let collapsed = false
  for (let index = 0; index < args.length; index++) {
    if (args[index] === '--width') width = Number(args[++index])
    else if (args[index] === '--collapsed') collapsed = true
    else positional.push(args[index])
  }
  const [input, output] = positional
  if (!input || !output || !Number.isInteger(width) || width < 320) {
    console.error('usage: screenshot-summary.ts <summary.md> <output.png> [--width 1000] [--collapsed]')
    process.exit(2)
  }
  return { input, output: path.resolve(output), width, collapsed }
}

/** Runs headless Chromium on a fresh profile that is removed afterwards. */
async function chromium(args: string[]): Promise<string> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'summary-chromium-'))
  try {
    const { stdout } = await run(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        `--virtual-time-budget=${SCRIPT_BUDGET_MS}`,
        ...args
      ],
      { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }
    )
    return stdout
  } finally {
    await rm(profile, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2))
  const markdown = await readFile(options.input, 'utf8')
  const mermaidScript = fileURLToPath(import.meta.resolve('mermaid/dist/mermaid.min.js'))
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'summary-page-'))
  try {
    const page = path.join(workDir, 'summary.html')
    await writeFile(
      page,
      summaryPage(renderGfm(markdown), {
        mermaidScript: pathToFileURL(mermaidScript).href,
        collapsed: options.collapsed
      })
    )
    const url = pathToFileURL(page).href
    // First pass: let the page draw the charts and report its height; then shoot at that height.
    const dom = await chromium(['--dump-dom', `--window-size=${options.width},800`, url])
    const height = Number(/data-page-height="(\d+)"/.exec(dom)?.[1])
    if (!height) throw new Error('the page did not report its height: did its scripts run?')
    await chromium([`--screenshot=${options.output}`, `--window-size=${options.width},${height}`, url])
    console.log(`${options.output}: ${options.width}x${height}`)
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
}

await main()
