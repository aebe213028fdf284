/**
 * The step's log as the runner shows it. The runner never prints a `::add-mask::<value>` line; it
 * registers the value and from then on writes `***` wherever the value occurs in a later line. A value
 * printed before its mask was registered stays visible, as it does on a real runner.
 */
export function maskLikeRunner(log: string): string {
  const masks: string[] = []
  const shown: string[] = []
  for (const line of log.split('\n')) {
    const mask = /^::add-mask::(.*)$/.exec(line)
    if (mask) {
      const value = unescapeCommandData(mask[1])
      if (value.trim() !== '') masks.push(value)
      // Longer values first, so a secret that contains another is masked whole.
      masks.sort((a, b) => b.length - a.length)
      continue
    }
    shown.push(masks.reduce((text, value) => text.split(value).join('***'), line))
  }
  return shown.join('\n')
}

/** Undoes the escaping @actions/core applies to a command's data (`%`, CR and LF). */
function unescapeCommandData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}
