/**
 * Provenance annotations: which commit, ref, run, workflow, actor and environment deployed an object,
 * read from the variables every GitHub runner sets (no token, no API call).
 *
 * Only the object's own `metadata.annotations` get them, never a pod template: a template that
 * changes restarts every pod, and these values change with every run. On an object's own metadata they
 * change no `spec`, so its `generation` stays and no pod restarts.
 *
 * Every value depends on the workflow run only, not on the attempt: a re-run of a job, or a retry of
 * the step, writes exactly the same annotations and so changes nothing (`run-url` leaves out the
 * attempt; `actor` is `GITHUB_ACTOR`, who started the run, which a re-run keeps, not
 * `GITHUB_TRIGGERING_ACTOR`). Another run of the same commit does record itself: its run URL and
 * number, and possibly its actor, on the objects' metadata only.
 */
import type { KubeObject } from '../kube-object.js'

export const PROVENANCE_PREFIX = 'kube-deploy.dev/'
/** What `kubectl rollout history` shows; the Deployment controller copies it to the new ReplicaSet. */
export const CHANGE_CAUSE = 'kubernetes.io/change-cause'
/**
 * Every annotation this file may write. Other annotations under the same prefix (the manifest's own
 * settings, such as `kube-deploy.dev/versioned`) are never touched; a diff can tell provenance apart.
 */
export const PROVENANCE_ANNOTATIONS: readonly string[] = [
  ...['commit', 'ref', 'run-url', 'workflow', 'actor', 'environment'].map(key => PROVENANCE_PREFIX + key),
  CHANGE_CAUSE
]

/** The kinds `kubectl rollout history` reads a change-cause for. */
const WORKLOADS = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet'])

/** Annotation values come from text anyone who can push a branch writes (ref names, workflow names). */
const MAX_VALUE_LENGTH = 256

export interface Provenance {
  /** `kube-deploy.dev/<key>` → value, for every object. */
  annotations: Record<string, string>
  /** For workloads, unless their manifest writes one of its own. */
  changeCause?: string
}

/**
 * The provenance of this run, from the runner's variables; a variable that is missing (or unusable,
 * like a run URL that is not http) leaves its annotation out.
 */
export function provenanceFromEnvironment(env: NodeJS.ProcessEnv, environment?: string): Provenance {
  const value = (name: string): string | undefined => oneLine(env[name])
  const commit = value('GITHUB_SHA')
  const ref = value('GITHUB_REF')
  const workflow = value('GITHUB_WORKFLOW')
  const actor = value('GITHUB_ACTOR')
  const runNumber = value('GITHUB_RUN_NUMBER')
  const annotations: Record<string, string> = {}
  const set = (key: string, text: string | undefined): void => {
    if (text) annotations[PROVENANCE_PREFIX + key] = text
  }
  set('commit', commit)
  set('ref', ref)
  set('run-url', runUrl(env))
  set('workflow', workflow)
  set('actor', actor)
  set('environment', oneLine(environment))
  if (!commit) return { annotations }
  const parts = [`kube-deploy ${commit.slice(0, 7)}`]
  if (ref) parts.push(`of ${ref.replace(/^refs\/(heads|tags)\//, '')}`)
  if (environment) parts.push(`to ${oneLine(environment)}`)
  if (actor) parts.push(`by ${actor}`)
  if (workflow) parts.push(`(${workflow}${runNumber && /^\d+$/.test(runNumber) ? ` #${runNumber}` : ''})`)
  return { annotations, changeCause: clip(parts.join(' ')) }
}

/**
 * Adds the provenance to each object's own metadata, in place. The provenance keys are always ours
 * (a copy from elsewhere must not pass for this run's); a change-cause the manifest writes is kept.
 */
export function annotateObjects(objects: KubeObject[], provenance: Provenance): void {
  if (Object.keys(provenance.annotations).length === 0) return
  for (const object of objects) {
    const own: unknown = object.metadata.annotations
    // Anything but a mapping is the server's to refuse, as written.
    if (own !== undefined && own !== null && (typeof own !== 'object' || Array.isArray(own))) continue
    const annotations: Record<string, string> = { ...(own ?? {}) }
    Object.assign(annotations, provenance.annotations)
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : ''
    if (provenance.changeCause && WORKLOADS.has(`${group}/${object.kind}`) && !(CHANGE_CAUSE in annotations))
      annotations[CHANGE_CAUSE] = provenance.changeCause
    object.metadata.annotations = annotations
  }
}

/** The run's page, without the attempt: a re-run points at the same run, and writes the same URL. */
function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const server = env.GITHUB_SERVER_URL ?? ''
  const repository = env.GITHUB_REPOSITORY ?? ''
  const runId = env.GITHUB_RUN_ID ?? ''
  if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~-]+)*$/.test(server)) return undefined
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository) || !/^\d+$/.test(runId)) return undefined
  return `${server}/${repository}/actions/runs/${runId}`
}

/** One line, no control characters, at most MAX_VALUE_LENGTH characters; undefined when empty. */
function oneLine(text: string | undefined): string | undefined {
  // eslint-disable-next-line no-control-regex
  const line = (text ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim()
  return line ? clip(line) : undefined
}

/** Cut by code points, so that no half of a surrogate pair is left. */
function clip(text: string): string {
  const characters = [...text]
  return characters.length > MAX_VALUE_LENGTH
    ? `${characters.slice(0, MAX_VALUE_LENGTH - 1).join('')}…`
    : text
}
