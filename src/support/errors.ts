/** An input the user gave is wrong. The message always names the input and what was expected. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    detail: string
  ) {
    super(`input "${input}": ${detail}`)
    this.name = 'InputError'
  }
}

/** A manifest cannot be used. The message names the file and line. */
export class ManifestError extends Error {
  constructor(
    readonly source: string,
    readonly line: number | undefined,
    detail: string
  ) {
    super(`${line === undefined ? source : `${source}:${line}`}: ${detail}`)
    this.name = 'ManifestError'
  }
}

/** Gives the message of anything thrown, for the one place that reports failures. */
export function errorMessage(error: unknown): string {
  // Not `instanceof Error`: errors made in another realm (a vm context, a worker) are Errors too.
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === 'string' ? message : String(error)
}
