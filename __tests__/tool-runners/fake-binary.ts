import { chmod, mkdtemp, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'

/** What the fake binary saw: its arguments and its whole environment. */
export interface Seen {
  argv: string[]
  env: Record<string, string>
}

/**
 * A tiny node script standing in for kubectl or helm: it prints its arguments and environment as JSON,
 * and with `fail` among its arguments exits 3 after printing them all to stderr too.
 */
export async function fakeBinary(name: string): Promise<{ file: string; workDir: string }> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'fake-binary-'))
  const file = path.join(workDir, name)
  await writeFile(
    file,
    `#!/usr/bin/env node
const seen = JSON.stringify({ argv: process.argv.slice(2), env: process.env })
process.stdout.write(seen)
if (process.argv.includes('fail')) {
  process.stderr.write('error: refused ' + process.argv.slice(2).join(' '))
  process.exit(3)
}
`
  )
  await chmod(file, 0o755)
  return { file, workDir }
}
