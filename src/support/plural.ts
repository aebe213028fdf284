/** `1 object`, `3 objects`: counts as a person writes them. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
