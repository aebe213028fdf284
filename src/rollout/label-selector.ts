/**
 * A label selector in the API's string form (`app=web,tier!=db,env in (a,b),!legacy`), matched on
 * the client: the judge decides from a snapshot of a whole namespace's pods, so it must know which of
 * them the `selector` input names without asking the server again.
 */
export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean

type Requirement = (labels: Record<string, string>) => boolean

const KEY = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`
const VALUE = String.raw`[-A-Za-z0-9_.]*`
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`)
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`)
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`)

/** Parses a selector; throws with the offending part when it is not one the API server would accept. */
export function parseLabelSelector(selector: string): LabelMatcher {
  const requirements = splitRequirements(selector).map(parseRequirement)
  return labels => requirements.every(requirement => requirement(labels ?? {}))
}

/** Splits on the commas between requirements, not those inside `in (a,b)`. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const char of selector) {
    if (char === '(') depth++
    if (char === ')') depth--
    if (char === ',' && depth === 0) {
      parts.push(current)
      current = ''
    } else current += char
  }
  parts.push(current)
  return parts.map(part => part.trim()).filter(part => part !== '')
}

function parseRequirement(text: string): Requirement {
  const equality = EQUALITY.exec(text)
  if (equality) {
    const [, key, operator, value] = equality
    return operator === '!=' ? labels => labels[key] !== value : labels => labels[key] === value
  }
  const set = SET.exec(text)
  if (set) {
    const [, key, operator, list] = set
    const values = new Set(list.split(',').map(value => value.trim()))
    return operator === 'in'
      ? labels => key in labels && values.has(labels[key])
      : labels => !(key in labels) || !values.has(labels[key])
  }
  const exists = EXISTS.exec(text)
  if (exists) {
    const [, not, key] = exists
    return not ? labels => !(key in labels) : labels => key in labels
  }
  throw new Error(
    `"${text}" is not a label selector requirement (key=value, key!=value, key in (a,b), key, !key)`
  )
}
