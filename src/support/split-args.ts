import { InputError } from './errors.js'

/**
 * Splits a command line into words the way a POSIX shell would for plain words and quotes, without
 * expanding anything: `annotate deploy/web "note=a b"` → ['annotate', 'deploy/web', 'note=a b'].
 * Newlines separate words too, so multiline YAML inputs work.
 */
export function splitArgs(text: string, inputName: string): string[] {
  const words: string[] = []
  let word: string | undefined
  let quote: '"' | "'" | undefined
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quote) {
      if (char === quote) quote = undefined
      else if (char === '\\' && quote === '"' && (text[i + 1] === '"' || text[i + 1] === '\\'))
        word += text[++i]
      else word += char
    } else if (char === '"' || char === "'") {
      quote = char
      word ??= ''
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else if (char === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i]
    } else {
      word = (word ?? '') + char
    }
  }
  if (quote) throw new InputError(inputName, `unterminated ${quote} quote`)
  if (word !== undefined) words.push(word)
  return words
}
