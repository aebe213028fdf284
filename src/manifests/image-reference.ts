/*
 * The grammar of image references (the distribution project's `reference` package, which the kubelet
 * and every registry client use): `[registry[:port]/]path[:tag][@algorithm:hex]`. The API server
 * stores any string as an image; a reference the kubelet cannot parse only shows up later as a pod in
 * `InvalidImageName`. Checked before anything is applied instead.
 */

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const REGISTRY = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`
)
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*$/
const TAG = /^[\w][\w.-]{0,127}$/
/** Digest algorithms and their length in hex digits (lowercase, as OCI requires). */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 }
const MAX_NAME_LENGTH = 255

/** Why `reference` is not an image reference, or undefined when it is one. */
export function imageReferenceProblem(reference: string): string | undefined {
  if (reference === '') return 'is empty'
  if (/\s/.test(reference)) return 'holds white space'
  let rest = reference
  const at = rest.indexOf('@')
  if (at >= 0) {
    const problem = digestProblem(rest.slice(at + 1))
    if (problem) return problem
    rest = rest.slice(0, at)
  }
  const slash = rest.lastIndexOf('/')
  const colon = rest.lastIndexOf(':')
  if (colon > slash) {
    const tag = rest.slice(colon + 1)
    if (!TAG.test(tag))
      return `has tag "${tag}": a tag is letters, digits, _, . and - (not first), 128 at most`
    rest = rest.slice(0, colon)
  }
  if (rest.length > MAX_NAME_LENGTH) return `has a name longer than ${MAX_NAME_LENGTH} characters`
  const components = rest.split('/')
  const first = components[0]
  const hasRegistry =
    components.length > 1 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase())
  if (hasRegistry) {
    if (!REGISTRY.test(first)) return `has registry "${first}", which is not a host[:port]`
    components.shift()
  }
  for (const component of components) {
    if (!PATH_COMPONENT.test(component))
      return component === ''
        ? 'has an empty path component'
        : `has path component "${component}": lowercase letters and digits, separated by ., _, __ or -`
  }
  return undefined
}

function digestProblem(digest: string): string | undefined {
  const colon = digest.indexOf(':')
  const algorithm = colon < 0 ? digest : digest.slice(0, colon)
  const hex = digest.slice(colon + 1)
  const length = Object.hasOwn(DIGEST_HEX_LENGTH, algorithm) ? DIGEST_HEX_LENGTH[algorithm] : undefined
  if (length === undefined || colon < 0)
    return `has digest "${digest}": expected sha256:<64 hex digits> (or sha384, sha512)`
  if (!new RegExp(`^[0-9a-f]{${length}}$`).test(hex))
    return `has digest "${digest}": ${algorithm} takes ${length} lowercase hex digits`
  return undefined
}
