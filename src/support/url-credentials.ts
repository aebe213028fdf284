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

/**
 * The credentials of `https://user:password@host`: the whole userinfo as written and decoded, and the
 * password alone (or the user alone when there is no password: then it is the credential).
 */
export function urlSecrets(url: unknown): string[] {
  if (typeof url !== 'string') return []
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(url)?.[1]
  if (!userinfo) return []
  const separator = userinfo.indexOf(':')
  const credential = separator < 0 ? userinfo : userinfo.slice(separator + 1)
  return [...new Set([userinfo, credential, safeDecode(userinfo), safeDecode(credential)])].filter(Boolean)
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Masks the credentials a URL carries (see urlSecrets) before anything prints it. */
export function maskCredentials(url: string): void {
  for (const secret of urlSecrets(url)) core.setSecret(secret)
}
