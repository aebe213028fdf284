import { randomBytes } from 'node:crypto'
import { chmod, rm, writeFile } from 'node:fs/promises'
import * as path from 'node:path'

/**
 * Hands a command a value through a file rather than its command line (which any process of the
 * machine can read, and logs quote): written readable by its owner only, inside the run's private
 * folder (mode 0700, removed by the post step), and removed as soon as `use` is done with it.
 */
export async function withPrivateFile<T>(
  directory: string,
  name: string,
  content: string,
  use: (file: string) => Promise<T>
): Promise<T> {
  const extension = path.extname(name)
  const file = path.join(
    directory,
    `${path.basename(name, extension)}-${randomBytes(4).toString('hex')}${extension}`
  )
  // `wx`: never write through a file (or a link) that is already there.
  await writeFile(file, content, { mode: 0o600, flag: 'wx' })
  try {
    // The mode of writeFile is filtered by the umask.
    await chmod(file, 0o600)
    return await use(file)
  } finally {
    await rm(file, { force: true })
  }
}
