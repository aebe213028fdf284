import { isIPv6 } from 'node:net'

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i
const TIME = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/

/**
 * The string formats whose check is exact enough to repeat here, as the apiserver checks them
 * (k8s.io/kube-openapi strfmt). Formats left out (email, uri, hostname, duration, byte, ...) depend on
 * Go parsers whose edges a copy would get wrong: they are left to the server, never guessed, so that a
 * valid value is never refused here.
 */
const FORMATS: Record<string, (value: string) => boolean> = {
  uuid: value => UUID.test(value),
  uuid3: value => UUID3.test(value),
  uuid4: value => UUID4.test(value),
  uuid5: value => UUID5.test(value),
  date: isDate,
  datetime: isDateTime,
  ipv4: isIPv4,
  ipv6: value => isIPv6(value),
  hexcolor: value => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(value)
}

/** Whether `value` has `format`; true for formats not checked here. */
export function matchesFormat(value: string, format: string): boolean {
  // go-openapi drops dashes from format names: date-time and datetime are one format.
  const check = FORMATS[format.replace(/-/g, '')]
  return check ? check(value) : true
}

/** `2006-01-02`, a real calendar day (Go's time.Parse). */
function isDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return false
  const [year, month, day] = match.slice(1).map(Number)
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** strfmt.IsDateTime: a date, `t` (any case), then hh:mm:ss, optional fraction, and `z` or an offset. */
function isDateTime(value: string): boolean {
  if (value.length < 4) return false
  const parts = value.toLowerCase().split('t')
  if (parts.length < 2 || !isDate(parts[0])) return false
  const match = TIME.exec(parts[1])
  return match !== null && match[1] <= '23' && match[2] <= '59' && match[3] <= '59'
}

/**
 * Four dotted decimal octets, leading zeros tolerated; the server also takes any IP written with a dot
 * (an IPv4-mapped IPv6 address).
 */
function isIPv4(value: string): boolean {
  const octets = value.split('.')
  const dotted = octets.length === 4 && octets.every(octet => /^\d+$/.test(octet) && Number(octet) <= 255)
  return dotted || (value.includes('.') && isIPv6(value))
}
