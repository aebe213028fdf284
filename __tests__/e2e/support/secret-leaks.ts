import { lstatSync, readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'

/** A value that must never be seen, with a name that can be printed instead of it. */
export interface KnownSecret {
  name: string
  value: string
}

/** Where a secret could show up after a run: a label and the text or bytes found there. */
export interface Place {
  where: string
  content: string | Buffer
}

/** The forms a secret is searched in: as given, and base64 of it (padding dropped, as it may be cut). */
export function secretForms(secret: KnownSecret): { form: string; text: string }[] {
  const base64 = Buffer.from(secret.value).toString('base64').replace(/=+$/, '')
  return [
    { form: 'as given', text: secret.value },
    { form: 'base64', text: base64 }
  ]
}

/**
 * Every secret found in every place, each named by what it is and where it was (never by its value,
 * so the test's own failure message leaks nothing).
 */
export function findLeaks(secrets: KnownSecret[], places: Place[]): string[] {
  const leaks: string[] = []
  for (const secret of secrets) {
    for (const { form, text } of secretForms(secret)) {
      if (text.length < 8) continue
      for (const place of places) {
        if (Buffer.from(place.content).includes(text))
          leaks.push(`${secret.name} (${form}) in ${place.where}`)
      }
    }
  }
  return leaks
}

/** Every regular file under the folders, as places named by their path relative to `root`. */
export function filesUnder(folders: string[], root: string, skip: Set<string> = new Set()): Place[] {
  const places: Place[] = []
  const visit = (file: string): void => {
    const info = lstatSync(file, { throwIfNoEntry: false })
    if (!info || info.isSymbolicLink() || skip.has(file)) return
    if (info.isDirectory()) for (const name of readdirSync(file)) visit(path.join(file, name))
    else if (info.isFile())
      places.push({ where: `file ${path.relative(root, file)}`, content: readFileSync(file) })
  }
  for (const folder of folders) visit(folder)
  return places
}

/** The text with every known secret (in each form) replaced by its name: safe for a test's own messages. */
export function redact(text: string, secrets: KnownSecret[]): string {
  let result = text
  for (const secret of secrets)
    for (const { form, text: value } of secretForms(secret))
      if (value.length >= 8) result = result.split(value).join(`<${secret.name}, ${form}>`)
  return result
}
