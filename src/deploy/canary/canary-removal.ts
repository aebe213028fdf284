import type { ClusterClient } from '../../cluster/client.js'
import { displayName, toRef, type KubeObject, type ObjectRef } from '../../kube-object.js'
import type { Change } from '../change-set.js'
import { deleteObjects } from '../removal/deletion.js'
import { canaryName, isCanaryOf } from './canary-deployment.js'

/** The canary kube-deploy made of the live Deployment `live`, when one is there (a namesake is not). */
export async function findCanary(client: ClusterClient, live: ObjectRef): Promise<KubeObject | undefined> {
  const found = await client.get({ ...live, name: canaryName(live.name) })
  return isCanaryOf(found, live.name) ? found : undefined
}

/**
 * Deletes a canary in the foreground: the Deployment goes only after its ReplicaSet and pods, so the
 * run's wait until it is gone is a wait until its pods are gone. A uid precondition keeps a canary
 * created meanwhile by another run.
 */
export async function deleteCanary(
  client: ClusterClient,
  canary: KubeObject,
  source: string
): Promise<Change[]> {
  return deleteObjects(client, [{ ref: toRef(canary), source, live: canary }], {
    propagation: 'Foreground',
    action: 'deleted'
  })
}

/** A dry run of the delete: credentials that may not delete it fail before anything changes. */
export async function checkCanaryDelete(client: ClusterClient, canary: KubeObject): Promise<void> {
  await client.delete(toRef(canary), { dryRun: true, uid: canary.metadata.uid })
}

export function rejectedLine(canary: ObjectRef): string {
  return `canary rejected: ${displayName(canary)} deleted`
}
