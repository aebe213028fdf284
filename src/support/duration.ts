import { InputError } from './errors.js'

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 }

/**
 * Parses a duration as users write it for Kubernetes tools: `90s`, `5m`, `1h30m`, `1.5m`, or plain
 * seconds (`300`). Returns seconds. Throws an InputError naming `inputName` when it is not a duration.
 */
export function parseDuration(text: string, inputName: string): number {
  const value = text.trim()
  if (/^\d+(\.\d+)?$/.test(value)) return checkPositive(Number(value), text, inputName)
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy
  let seconds = 0
  let consumed = 0
  for (let match = part.exec(value); match !== null; match = part.exec(value)) {
    seconds += Number(match[1]) * UNIT_SECONDS[match[2]]
    consumed = part.lastIndex
  }
  if (value === '' || consumed !== value.length) {
    throw new InputError(inputName, `"${text}" is not a duration; use e.g. 90s, 5m, 1h or plain seconds`)
  }
  return checkPositive(seconds, text, inputName)
}

function checkPositive(seconds: number, text: string, inputName: string): number {
  if (!(seconds > 0)) throw new InputError(inputName, `"${text}" must be longer than zero`)
  return seconds
}
