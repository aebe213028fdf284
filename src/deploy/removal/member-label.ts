import type { ManifestObject } from '../../manifests/load.js'
import { ManifestError } from '../../support/errors.js'
import { APPLYSET_PART_OF_LABEL, type ApplySet } from './applyset.js'

/**
 * Labels every object of the set as a member of the ApplySet, in the manifests as read, before they
 * are validated: the server checks what is actually applied. A manifest that already claims another
 * set is an error naming its file and line.
 */
export function labelMembers(entries: ManifestObject[], set: ApplySet): void {
  for (const { object, source, line } of entries) {
    const labels = (object.metadata.labels ??= {})
    const claimed = labels[APPLYSET_PART_OF_LABEL]
    if (claimed !== undefined && claimed !== set.id)
      throw new ManifestError(
        source,
        line,
        `${APPLYSET_PART_OF_LABEL} is ${claimed}, another ApplySet than this run's (${set.id})`
      )
    labels[APPLYSET_PART_OF_LABEL] = set.id
  }
}
