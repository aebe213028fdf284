import * as core from '@actions/core'

/**
 * A URL as it may be shown: without the user and password someone put in it. What cannot be parsed
 * is not shown at all, since it may be nothing but a credential.
 */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    return parsed.toString().replace(/\/$/, '')
  } catch {
    return '(unparsable URL)'
  }
}

/** Masks the password (and user) a URL carries, as given and as decoded, before anything prints it. */
export function maskCredentials(url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return
  }
  for (const part of [parsed.password, parsed.username]) {
    if (!part) continue
    core.setSecret(part)
    const decoded = decodeURIComponent(part)
    if (decoded !== part) core.setSecret(decoded)
  }
}
