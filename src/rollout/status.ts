import { groupKind, type KubeObject } from '../kube-object.js'
import { customResourceStatus } from './rules/custom-resource.js'
import { daemonSetStatus } from './rules/daemonset.js'
import { deploymentStatus } from './rules/deployment.js'
import { jobStatus } from './rules/job.js'
import { podStatus } from './rules/pod.js'
import { replicaSetStatus } from './rules/replicaset.js'
import { current, type RuleContext, type RuleResult, type StatusRule } from './rules/rule.js'
import { statefulSetStatus } from './rules/statefulset.js'
import { crdStatus, pvcStatus, serviceStatus } from './rules/simple-kinds.js'

/** Readiness rule per `Kind.group`; kinds not listed fall back to the generic custom-resource rule. */
const RULES: Record<string, StatusRule> = {
  'Deployment.apps': deploymentStatus,
  'StatefulSet.apps': statefulSetStatus,
  'DaemonSet.apps': daemonSetStatus,
  'ReplicaSet.apps': replicaSetStatus,
  ReplicationController: replicaSetStatus,
  'Job.batch': jobStatus,
  Pod: podStatus,
  PersistentVolumeClaim: pvcStatus,
  Service: serviceStatus,
  'CustomResourceDefinition.apiextensions.k8s.io': crdStatus
}

/** Built-in kinds that have no rollout: they are ready as soon as the server has stored them. */
const STATIC_GROUPS = new Set([
  '',
  'rbac.authorization.k8s.io',
  'networking.k8s.io',
  'policy',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'coordination.k8s.io',
  'batch',
  'autoscaling',
  'apps',
  'discovery.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
  'flowcontrol.apiserver.k8s.io'
])

/** Whether the run must watch this kind at all (a ConfigMap is ready once stored). */
export function hasRollout(ref: { apiVersion: string; kind: string }): boolean {
  const key = groupKind(ref)
  if (key in RULES) return true
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : ''
  return !STATIC_GROUPS.has(group)
}

/** Kinds read by the generic custom-resource rule (no rule of their own). */
export function usesGenericRule(ref: { apiVersion: string; kind: string }): boolean {
  return hasRollout(ref) && !(groupKind(ref) in RULES)
}

export function statusOf(object: KubeObject, context: RuleContext): RuleResult {
  const rule = RULES[groupKind(object)]
  if (rule) return rule(object, context)
  if (!hasRollout(object)) return current('created')
  return customResourceStatus(object, context)
}

/** Workload kinds whose pods the wait watches to fail fast and report images. */
export const WORKLOAD_KINDS = new Set([
  'Deployment.apps',
  'StatefulSet.apps',
  'DaemonSet.apps',
  'ReplicaSet.apps',
  'Job.batch',
  'Pod'
])
