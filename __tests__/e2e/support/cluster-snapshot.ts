import { admin, type TestCluster } from '../../../test/harness/test-cluster.js'

/** `kind/namespace/name` → resourceVersion of every object seen. */
export type ClusterSnapshot = Map<string, string>

/**
 * Cluster-scoped kinds a step could create or change by mistake. Others test files run on the same
 * cluster at the same time, so of these only the objects whose name holds the suite's marker (every
 * name the hostile inputs use) or that are one of the watched namespaces are compared.
 */
const CLUSTER_KINDS = [
  'namespaces',
  'customresourcedefinitions.apiextensions.k8s.io',
  'clusterroles.rbac.authorization.k8s.io',
  'clusterrolebindings.rbac.authorization.k8s.io',
  'priorityclasses.scheduling.k8s.io',
  'mutatingwebhookconfigurations.admissionregistration.k8s.io',
  'validatingwebhookconfigurations.admissionregistration.k8s.io'
]

/** Events are written by controllers, not by the step: they are not part of what a step may change. */
const NOT_COMPARED = /^events(\.|$)/

/**
 * Kinds served by Kubernetes itself (`pods`, `deployments.apps`, `roles.rbac.authorization.k8s.io`).
 * Custom kinds come and go as other test files run; only those of a CRD a case made (its group holds
 * the marker) can have objects the step created.
 */
const BUILT_IN = /^[a-z0-9]+(\.(apps|batch|autoscaling|policy|[a-z0-9.-]*\.k8s\.io))?$/

const LINE =
  '{range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name} {.metadata.resourceVersion}{"\\n"}{end}'

/**
 * Every object of every listable kind in `namespace` (the kinds read afresh each time, so a CRD a case
 * made counts), and the cluster-scoped objects named above: one kubectl call for the kinds, one for
 * the objects.
 */
export function snapshotCluster(cluster: TestCluster, namespace: string, marker: string): ClusterSnapshot {
  const namespacedKinds = admin(cluster, ['api-resources', '--namespaced=true', '--verbs=list', '-o', 'name'])
    .split('\n')
    .filter(kind => (BUILT_IN.test(kind) || kind.includes(marker)) && !NOT_COMPARED.test(kind))
  const text = admin(cluster, [
    'get',
    [...namespacedKinds, ...CLUSTER_KINDS].join(','),
    '--namespace',
    namespace,
    '--ignore-not-found',
    '-o',
    `jsonpath=${LINE}`
  ])
  const snapshot: ClusterSnapshot = new Map()
  for (const line of text.split('\n')) {
    const [key, resourceVersion] = line.split(' ')
    if (!key) continue
    const [kind, objectNamespace, name] = key.split('/')
    const watched =
      objectNamespace === namespace || name.includes(marker) || (kind === 'Namespace' && name === namespace)
    if (watched) snapshot.set(key, resourceVersion ?? '')
  }
  return snapshot
}

/** What differs between two snapshots: objects created, deleted and changed. */
export function clusterChanges(before: ClusterSnapshot, after: ClusterSnapshot): string[] {
  const changes: string[] = []
  for (const [key, version] of after) {
    const was = before.get(key)
    if (was === undefined) changes.push(`created ${key}`)
    else if (was !== version) changes.push(`changed ${key} (resourceVersion ${was} → ${version})`)
  }
  for (const key of before.keys()) if (!after.has(key)) changes.push(`deleted ${key}`)
  return changes
}
