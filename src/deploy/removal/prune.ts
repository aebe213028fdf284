import * as core from '@actions/core'
import { apiErrorMessage } from '../../cluster/api-errors.js'
import type { ClusterClient } from '../../cluster/client.js'
import { displayName, groupKind, refKey, toRef, type KubeObject, type ObjectRef } from '../../kube-object.js'
import type { ManifestObject } from '../../manifests/load.js'
import { plural } from '../../support/plural.js'
import type { ChangePhase } from '../change-set.js'
import type { PlannedChange } from '../planned-change.js'
import { FIELD_MANAGER } from '../server-side-apply.js'
import {
  APPLYSET_GROUP_KINDS,
  APPLYSET_PART_OF_LABEL,
  applySetOf,
  parentObject,
  readParent,
  unionOf,
  type ApplySet,
  type ApplySetContents
} from './applyset.js'
import { deleteObjects } from './deletion.js'
import { labelMembers } from './member-label.js'
import { selectPrunable, versionLineKey } from './prune-selection.js'
import type { Propagation } from './removal-settings.js'

/**
 * `prune: true` over an ApplySet (KEP-3659): the parent Secret is read first (another tool's set is
 * refused, nothing changed) and every object of the manifests is labelled as a member. Around the
 * apply, the parent is widened to the old and new kinds and namespaces before the first change; after
 * the applied objects are ready, the members the manifests no longer declare are deleted (each by
 * uid), then the parent narrowed to the new set. What is deleted is waited on until gone.
 */
export class Prune {
  private constructor(
    private readonly client: ClusterClient,
    readonly set: ApplySet,
    private readonly previous: ApplySetContents,
    private readonly entries: ManifestObject[],
    private readonly namespace: string
  ) {}

  /** Reads the parent and labels the members; changes nothing in the cluster. */
  static async start(
    client: ClusterClient,
    name: string,
    namespace: string,
    entries: ManifestObject[]
  ): Promise<Prune> {
    const set = applySetOf(name, namespace)
    const parent = await client.get(set.parent).catch((error: unknown) => {
      throw new Error(`reading the ApplySet parent secret/${name}: ${apiErrorMessage(error)}`)
    })
    const previous = readParent(set, parent)
    labelMembers(entries, set)
    core.info(
      `ApplySet ${name} (${set.id}): ${parent ? `held ${previous.groupKinds.join(', ') || 'nothing'}` : 'new'}`
    )
    return new Prune(client, set, previous, entries, namespace)
  }

  /** The apply's phases with the parent widened before the first and the prune after the last. */
  around(phases: ChangePhase[], propagation: Propagation): ChangePhase[] {
    const [first, ...rest] = phases
    const widened: ChangePhase = {
      name: first.name,
      apply: async () => {
        await this.writeParent(unionOf(this.previous, this.contents()), 'widened')
        return first.apply()
      }
    }
    const prune: ChangePhase = {
      name: 'prune',
      apply: async () => {
        const doomed = await this.prunable()
        const changes = await deleteObjects(
          this.client,
          doomed.map(object => ({
            ref: toRef(object),
            source: `applyset ${this.set.parent.name}`,
            live: object
          })),
          { propagation, action: 'pruned' }
        )
        await this.writeParent(this.contents(), 'narrowed')
        return changes
      }
    }
    return [widened, ...rest, prune]
  }

  /** What a prune would delete now: the diff preview's `pruned` entries, and the dry run's list. */
  async preview(): Promise<PlannedChange[]> {
    const doomed = await this.prunable()
    return doomed.map(object => ({
      ref: toRef(object),
      action: 'pruned',
      source: `applyset ${this.set.parent.name}`
    }))
  }

  /** The new set's kinds and namespaces, read from the manifests (namespaces resolved by then). */
  private contents(): ApplySetContents {
    const objects = this.entries.map(entry => entry.object)
    return {
      groupKinds: objects.map(object => groupKind(object)),
      namespaces: objects.map(object => object.metadata.namespace ?? '')
    }
  }

  /** Every member of the old and new sets, in each of their kinds and namespaces, not declared now. */
  private async prunable(): Promise<KubeObject[]> {
    const all = unionOf(this.previous, this.contents())
    const namespaces = [...new Set([this.namespace, ...all.namespaces.filter(Boolean)])]
    const listed: KubeObject[] = []
    for (const key of new Set(all.groupKinds)) listed.push(...(await this.members(key, namespaces)))
    const declared = new Set<string>()
    for (const { object } of this.entries) {
      const ref = toRef(object)
      declared.add(refKey(ref))
      // A custom resource of a CRD in this set has no namespace filled in until its CRD is served.
      if (!ref.namespace) declared.add(refKey({ ...ref, namespace: this.namespace }))
    }
    // Never the namespace the run deploys into, nor one the new set's objects live in.
    const protectedNamespaces = new Set([this.namespace, ...this.contents().namespaces.filter(Boolean)])
    const versionLines = new Set(
      this.entries.map(entry => versionLineKey(entry.object)).filter(line => line !== undefined)
    )
    return selectPrunable(listed, { id: this.set.id, declared, protectedNamespaces, versionLines })
  }

  /** The members of one `Kind.group` in the set's namespaces (cluster-wide for a cluster-scoped kind). */
  private async members(key: string, namespaces: string[]): Promise<KubeObject[]> {
    const dot = key.indexOf('.')
    const kind = dot < 0 ? key : key.slice(0, dot)
    const group = dot < 0 ? '' : key.slice(dot + 1)
    const apiVersion = await this.client.preferredVersion(group)
    const resource = apiVersion && (await this.client.resource(apiVersion, kind))
    if (!apiVersion || !resource) {
      core.info(
        `ApplySet ${this.set.parent.name}: the cluster no longer serves ${key}; nothing to prune there`
      )
      return []
    }
    const labelSelector = `${APPLYSET_PART_OF_LABEL}=${this.set.id}`
    const where: (string | undefined)[] = resource.namespaced ? namespaces : [undefined]
    const found: KubeObject[] = []
    for (const namespace of where) {
      const list = await this.client
        .list({ apiVersion, kind, namespace, labelSelector })
        .catch((error: unknown) => {
          const where = namespace ? ` in namespace ${namespace}` : ''
          throw new Error(
            `listing the ${key} members of ApplySet ${this.set.parent.name}${where}: ${apiErrorMessage(error)}`
          )
        })
      found.push(...list.items)
    }
    return found
  }

  private async writeParent(contents: ApplySetContents, how: string): Promise<void> {
    const parent = parentObject(this.set, contents)
    await this.client.apply(parent, { fieldManager: FIELD_MANAGER, force: true }).catch((error: unknown) => {
      throw new Error(`the ApplySet parent ${describe(this.set.parent)}: ${apiErrorMessage(error)}`)
    })
    const kinds = parent.metadata.annotations?.[APPLYSET_GROUP_KINDS] ?? ''
    core.info(`ApplySet ${this.set.parent.name} ${how}: ${kinds || 'no kinds'}`)
  }
}

function describe(ref: ObjectRef): string {
  return `${displayName(ref)} in namespace ${ref.namespace ?? ''}`
}

/** `3 objects would be pruned` or nothing: what a dry run says of the prune. */
export function logPreview(preview: PlannedChange[]): string {
  for (const change of preview) core.info(`${displayName(change.ref)} would be pruned`)
  return `${plural(preview.length, 'object')} would be pruned`
}
