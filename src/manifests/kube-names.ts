/*
 * The name rules of the Kubernetes API (apimachinery's validation), checked before a name goes into an
 * API path, a field selector or a report: a name the server would refuse fails here with its file and
 * line, and nothing that could change the meaning of a URL (`?`, `#`, `/`, `%`) reaches one.
 */

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'

/** RFC 1123 label: namespaces, most label-like names. */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && new RegExp(`^${LABEL}$`).test(name)
}

/** RFC 1123 subdomain: the name most kinds take. */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && new RegExp(`^${LABEL}(\\.${LABEL})*$`).test(name)
}

/** RFC 1035 label (starts with a letter): Service names, which become DNS names. */
export function isDns1035Label(name: string): boolean {
  return name.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)
}

/** What RBAC names may be (`system:aggregate-to-edit`): any path segment but `.`, `..`, `/` and `%`. */
export function isPathSegmentName(name: string): boolean {
  return (
    name !== '' &&
    name.length <= 253 &&
    name !== '.' &&
    name !== '..' &&
    !/[/%]/.test(name) &&
    !/[\p{Cc}\s]/u.test(name)
  )
}

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'])

/**
 * Why `name` cannot name an object of this kind, or undefined when it can. Namespaces are labels,
 * Services RFC 1035 labels, RBAC objects path segments, everything else (custom resources included)
 * subdomains.
 */
export function nameProblem(kind: string, group: string, name: string): string | undefined {
  if (group === '' && kind === 'Namespace')
    return isDnsLabel(name)
      ? undefined
      : 'is not a namespace name (lowercase letters, digits and -, 63 at most)'
  if (group === '' && kind === 'Service')
    return isDns1035Label(name)
      ? undefined
      : 'is not a Service name (a lowercase letter, then lowercase letters, digits and -, 63 at most)'
  if (group === 'rbac.authorization.k8s.io' && RBAC_KINDS.has(kind))
    return isPathSegmentName(name) ? undefined : "is not an RBAC name (no '/', '%', spaces; not '.' or '..')"
  return isDnsSubdomain(name)
    ? undefined
    : 'is not a valid name (lowercase letters, digits, - and ., starting and ending alphanumeric, 253 at most)'
}

/** `apps/v1`, `v1`, `cert-manager.io/v1`: a group that is a DNS subdomain, a version that is a label. */
export function isApiVersion(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/')
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1)
  const group = slash < 0 ? '' : apiVersion.slice(0, slash)
  return (group === '' ? slash < 0 : isDnsSubdomain(group)) && isDnsLabel(version)
}

/** `Deployment`, `ClusterRoleBinding`: what the API lists as kinds. */
export function isKind(kind: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(kind) && kind.length <= 63
}
