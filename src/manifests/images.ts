import type { KubeObject } from '../kube-object.js'
import { imageFields } from './container-images.js'

/** An image reference split the way registries read it. */
export interface ImageReference {
  /** Fully qualified repository, e.g. `docker.io/library/nginx` or `ghcr.io/acme/web`. */
  repository: string
  tag?: string
  digest?: string
}

/** A container whose image an `images` entry replaced. */
export interface ImageChange {
  object: string
  container: string
  from: string
  to: string
}

/**
 * Parses `nginx`, `nginx:1.27`, `ghcr.io/acme/web:1.2@sha256:...`, `localhost:5000/app` into a
 * normalized repository (Docker Hub's implicit `docker.io/library/` made explicit) and tag/digest,
 * so that `nginx:1.27` and `docker.io/library/nginx@sha256:…` are recognized as the same repository.
 */
export function parseImageReference(reference: string): ImageReference {
  let rest = reference.trim()
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
  }
  const parts = rest.split('/')
  const hasRegistry =
    parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')
  let repository = hasRegistry ? rest : `docker.io/${rest}`
  if (/^(docker\.io|index\.docker\.io)\/[^/]+$/.test(repository))
    repository = repository.replace(/^[^/]+\//, 'docker.io/library/')
  repository = repository.replace(/^index\.docker\.io\//, 'docker.io/')
  return { repository, tag, digest }
}

/**
 * Replaces, in place, the image of every container whose repository matches one of `images`.
 * Returns what changed and which `images` entries matched nothing (worth a warning: a typo).
 */
export function substituteImages(
  objects: KubeObject[],
  images: string[]
): { changes: ImageChange[]; unused: string[] } {
  const replacements = images.map(image => ({
    image,
    repository: parseImageReference(image).repository,
    used: false
  }))
  const changes: ImageChange[] = []
  for (const object of objects) {
    for (const { container } of imageFields(object)) {
      if (typeof container.image !== 'string' || !container.image) continue
      const repository = parseImageReference(container.image).repository
      const replacement = replacements.find(candidate => candidate.repository === repository)
      if (!replacement) continue
      replacement.used = true
      if (container.image !== replacement.image) {
        changes.push({
          object: `${object.kind}/${object.metadata.name}`,
          container: String(container.name),
          from: container.image,
          to: replacement.image
        })
        container.image = replacement.image
      }
    }
  }
  return { changes, unused: replacements.filter(entry => !entry.used).map(entry => entry.image) }
}
