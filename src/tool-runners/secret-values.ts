import * as core from '@actions/core'

/**
 * Every value the run registered as secret: the runner masks them in the log, and this process
 * redacts them from the texts it writes elsewhere (error messages end up in the job summary and the
 * outputs, which the runner does not mask).
 */
const registered = new Set<string>()

/** Registers values as secrets: masked in the log from now on, and redacted by redactSecrets(). */
export function maskSecrets(values: Iterable<string>): void {
  for (const value of values) {
    // The runner refuses to mask blank text; it would mean nothing anyway.
    if (value.trim() === '' || registered.has(value)) continue
    registered.add(value)
    core.setSecret(value)
  }
}

/** Below this length a given value is not masked: see maskGivenValues. */
const MIN_GIVEN_LENGTH = 4

/**
 * Whether a value the user gave, which may or may not be a secret (a helm `set` value, a string of a
 * Secret's patch, an exec plugin's argument), is worth masking. The runner masks every occurrence of
 * a secret in the whole job's log: masking `2`, `web` or `true` would blank those words everywhere
 * and protect nothing, since a value that short or a boolean is no secret.
 */
export function isWorthMasking(value: string): boolean {
  return value.trim().length >= MIN_GIVEN_LENGTH && !/^(true|false|null)$/i.test(value.trim())
}

/** Masks the given values that may be secrets (see isWorthMasking), before any command sees them. */
export function maskGivenValues(values: Iterable<string>): void {
  maskSecrets([...values].filter(isWorthMasking))
}

/**
 * A text with every registered secret replaced by `***`, as the runner does in the log, and with the
 * credentials an HTTP client may quote in its errors removed: bearer tokens and URL userinfo.
 */
export function redactSecrets(text: string): string {
  let result = text
  // Longest first, so that a secret containing another is replaced whole.
  for (const value of [...registered].sort((a, b) => b.length - a.length))
    result = result.split(value).join('***')
  return result
    .replace(/\bBearer\s+[\w.~+/=-]{8,}/gi, 'Bearer ***')
    .replace(/\bBasic\s+[A-Za-z0-9+/]{8,}=*/g, 'Basic ***')
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"']+@/gi, '$1***@')
}

/** Forgets what was registered (tests only: a run registers for the life of its process). */
export function forgetSecretsForTests(): void {
  registered.clear()
}
