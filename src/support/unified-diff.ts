/**
 * A line diff (Myers' O(ND) algorithm) and its unified form, as `diff -u` prints it: `@@ -a,b +c,d @@`
 * hunks with 3 lines of context. Small and dependency-free: the diff preview compares two renderings
 * of one object, a few hundred lines at most, so the common prefix and suffix are cut first and the
 * rest is usually a handful of edits.
 */

export type LineEdit = { op: ' ' | '-' | '+'; line: string }

/** Lines of context around each change, as `diff -u` shows by default. */
export const CONTEXT_LINES = 3

/**
 * Past this many differences (edit distance) between the middles, the search stops and the middle
 * is shown as removed then added: the trace grows as the square of the distance.
 */
const MAX_EDIT_DISTANCE = 4000

/** The shortest edit script from `before` to `after`, every line of both in order. */
export function diffLines(before: string[], after: string[]): LineEdit[] {
  let prefix = 0
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++
  let suffix = 0
  while (
    suffix < before.length - prefix &&
    suffix < after.length - prefix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  )
    suffix++
  const same = (line: string): LineEdit => ({ op: ' ', line })
  return [
    ...before.slice(0, prefix).map(same),
    ...myers(before.slice(prefix, before.length - suffix), after.slice(prefix, after.length - suffix)),
    ...before.slice(before.length - suffix).map(same)
  ]
}

/**
 * Myers' greedy search for the furthest-reaching path on each diagonal k = x - y, keeping the
 * frontier of every step (only diagonals -d..d, so the trace is O(D²)), then walking back through it.
 */
function myers(a: string[], b: string[]): LineEdit[] {
  const n = a.length
  const m = b.length
  if (n === 0) return b.map(line => ({ op: '+', line }))
  if (m === 0) return a.map(line => ({ op: '-', line }))
  const limit = Math.min(n + m, MAX_EDIT_DISTANCE)
  /** trace[d][k + d]: the furthest x on diagonal k after d edits. */
  const trace: Int32Array[] = []
  let previous = new Int32Array(1)
  for (let d = 0; d <= limit; d++) {
    const frontier = new Int32Array(2 * d + 1)
    const at = (k: number): number => previous[k + d - 1]
    for (let k = -d; k <= d; k += 2) {
      // Down (an insertion) from diagonal k+1, or right (a deletion) from k-1, whichever reached further.
      let x = d === 0 ? 0 : k === -d || (k !== d && at(k - 1) < at(k + 1)) ? at(k + 1) : at(k - 1) + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      frontier[k + d] = x
      if (x >= n && y >= m) {
        trace.push(frontier)
        return walkBack(a, b, trace)
      }
    }
    trace.push(frontier)
    previous = frontier
  }
  return [...a.map(line => ({ op: '-' as const, line })), ...b.map(line => ({ op: '+' as const, line }))]
}

function walkBack(a: string[], b: string[], trace: Int32Array[]): LineEdit[] {
  const edits: LineEdit[] = []
  let x = a.length
  let y = b.length
  for (let d = trace.length - 1; d > 0; d--) {
    const before = trace[d - 1]
    const at = (k: number): number => before[k + d - 1]
    const k = x - y
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1))
    const previousK = down ? k + 1 : k - 1
    const previousX = at(previousK)
    const previousY = previousX - previousK
    while (x > previousX && y > previousY) {
      edits.push({ op: ' ', line: a[--x] })
      y--
    }
    if (down) edits.push({ op: '+', line: b[--y] })
    else edits.push({ op: '-', line: a[--x] })
  }
  while (x > 0 && y > 0) {
    edits.push({ op: ' ', line: a[--x] })
    y--
  }
  return edits.reverse()
}

/**
 * The unified diff of two texts (split on `\n`; a final newline does not make an empty last line),
 * hunks only, no `---`/`+++` header; '' when they are equal.
 */
export function unifiedDiff(before: string, after: string, context = CONTEXT_LINES): string {
  const edits = diffLines(toLines(before), toLines(after))
  const changed = edits.flatMap((edit, index) => (edit.op === ' ' ? [] : [index]))
  if (changed.length === 0) return ''
  // Changes closer than twice the context share one hunk, as in `diff -u`.
  const ranges: [number, number][] = []
  for (const index of changed) {
    const last = ranges[ranges.length - 1]
    if (last && index - last[1] <= 2 * context + 1) last[1] = index
    else ranges.push([index, index])
  }
  // Line numbers (0-based) in each text where every edit starts.
  const oldAt: number[] = []
  const newAt: number[] = []
  let oldLine = 0
  let newLine = 0
  for (const edit of edits) {
    oldAt.push(oldLine)
    newAt.push(newLine)
    if (edit.op !== '+') oldLine++
    if (edit.op !== '-') newLine++
  }
  const out: string[] = []
  for (const [first, last] of ranges) {
    const start = Math.max(0, first - context)
    const end = Math.min(edits.length - 1, last + context)
    const hunk = edits.slice(start, end + 1)
    const oldCount = hunk.filter(edit => edit.op !== '+').length
    const newCount = hunk.filter(edit => edit.op !== '-').length
    out.push(`@@ -${span(oldAt[start], oldCount)} +${span(newAt[start], newCount)} @@`)
    for (const edit of hunk) out.push(`${edit.op}${edit.line}`)
  }
  return out.join('\n')
}

/** `start,count` as `diff -u` writes it: 1-based, and an empty range names the line before it. */
function span(start: number, count: number): string {
  const first = count === 0 ? start : start + 1
  return count === 1 ? String(first) : `${first},${count}`
}

function toLines(text: string): string[] {
  if (text === '') return []
  return text.replace(/\n$/, '').split('\n')
}
