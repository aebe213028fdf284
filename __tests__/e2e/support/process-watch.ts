import { readdirSync, readFileSync } from 'node:fs'

/** One process the step started (directly or not), as /proc showed it at some moment. */
export interface SeenProcess {
  pid: number
  argv: string[]
  /** Its environment, `NAME=value` per entry. */
  environment: string[]
}

/**
 * Watches the descendants of one process by polling /proc (Linux) every `intervalMs`, and records the
 * argv and environment of each (again after an exec changes them). A process that lives shorter than
 * one interval can be missed: the watch shows what could be seen, like `ps` in a loop would.
 */
export class ProcessWatch {
  private readonly seen = new Map<string, SeenProcess>()
  private readonly roots: number[] = []
  /** The argv of each root: a child showing it was forked and has not run its program yet. */
  private readonly rootArgv = new Set<string>()
  private timer?: NodeJS.Timeout

  constructor(private readonly intervalMs = 20) {}

  /** Adds a process whose descendants are watched (the step's node process); starts polling. */
  watch(rootPid: number): void {
    this.roots.push(rootPid)
    this.rootArgv.add(splitNul(readProc(rootPid, 'cmdline')).join('\0'))
    this.poll()
    this.timer ??= setInterval(() => this.poll(), this.intervalMs)
  }

  /** Stops polling; returns every process seen. */
  stop(): SeenProcess[] {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    return [...this.seen.values()]
  }

  private poll(): void {
    const parents = new Map<number, number>()
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue
      const stat = readProc(Number(name), 'stat')
      // The command name (2nd field) is in parentheses and may hold spaces: fields resume after ')'.
      const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (fields) parents.set(Number(name), Number(fields[1]))
    }
    const descendants = new Set<number>()
    let grew = true
    while (grew) {
      grew = false
      for (const [pid, parent] of parents) {
        if (descendants.has(pid)) continue
        if (this.roots.includes(parent) || descendants.has(parent)) {
          descendants.add(pid)
          grew = true
        }
      }
    }
    for (const pid of descendants) this.record(pid)
  }

  private record(pid: number): void {
    const argv = splitNul(readProc(pid, 'cmdline'))
    // Between fork and exec a child still shows its parent's argv and environment: not a process of its own yet.
    if (argv.length === 0 || this.rootArgv.has(argv.join('\0'))) return
    const key = `${pid}\0${argv.join('\0')}`
    if (this.seen.has(key)) return
    this.seen.set(key, { pid, argv, environment: splitNul(readProc(pid, 'environ')) })
  }
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8')
  } catch {
    return undefined // gone already, or not ours to read
  }
}

const splitNul = (text: string | undefined): string[] => (text ?? '').split('\0').filter(part => part !== '')
