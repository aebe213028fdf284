import type { KubeObject } from '../kube-object.js'
import { ManifestError } from '../support/errors.js'
import { imageReferenceProblem } from './image-reference.js'
import { isRecord, valueAt, type FieldPath } from './field-path.js'

/** A path into an object: keys and list indexes, as the YAML document addresses its nodes. */
export type { FieldPath }

/** One container's `image` field: where it is in the object, and the container that holds it. */
export interface ImageField {
  path: FieldPath
  /** The container as written: its fields are whatever the manifest says, checked by the server. */
  container: Record<string, unknown>
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const

/** Where an object keeps its pod spec: a Pod's own, a workload's template, a CronJob's job template. */
export function podSpecPaths(object: KubeObject): FieldPath[] {
  if (!isRecord(object.spec)) return []
  if (object.kind === 'Pod') return [['spec']]
  if (isRecord(valueAt(object, ['spec', 'template', 'spec']))) return [['spec', 'template', 'spec']]
  const jobPodSpec = ['spec', 'jobTemplate', 'spec', 'template', 'spec']
  return isRecord(valueAt(object, jobPodSpec)) ? [jobPodSpec] : []
}

/** Every container of the object's pod spec, with the path of its `image`. */
export function imageFields(object: KubeObject): ImageField[] {
  const fields: ImageField[] = []
  for (const specPath of podSpecPaths(object)) {
    for (const list of CONTAINER_LISTS) {
      const containers = valueAt(object, [...specPath, list])
      if (!Array.isArray(containers)) continue
      containers.forEach((container: unknown, index) => {
        if (isRecord(container)) fields.push({ path: [...specPath, list, index, 'image'], container })
      })
    }
  }
  return fields
}

/** `spec.template.spec.containers[0].image`: a field path as people write it. */
export function fieldPathText(path: FieldPath): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('')
}

/**
 * Checks every container image of the objects as an image reference (after `images` replaced some).
 * The error names the file, the line of the `image` field when known, and the field.
 */
export function checkContainerImages(
  entries: { object: KubeObject; source: string; line: number; imageLines?: Record<string, number> }[]
): void {
  for (const entry of entries) {
    for (const { path, container } of imageFields(entry.object)) {
      if (container.image === undefined) continue
      const field = fieldPathText(path)
      const line = entry.imageLines?.[field] ?? entry.line
      const what = `${entry.object.kind} ${entry.object.metadata.name}: ${field}`
      if (typeof container.image !== 'string')
        throw new ManifestError(entry.source, line, `${what} is not a string`)
      const problem = imageReferenceProblem(container.image)
      if (problem)
        throw new ManifestError(
          entry.source,
          line,
          `${what} "${container.image}" is not an image reference: it ${problem}`
        )
    }
  }
}
