import { groupKind, groupOf } from '../../kube-object.js'
import { argoRolloutRule } from './argo-rollout.js'
import { crdRule } from './crd.js'
import { customResourceRule } from './custom-resource.js'
import { daemonSetRule } from './daemonset.js'
import { deploymentRule } from './deployment.js'
import { jobRule } from './job.js'
import { podRule } from './pod.js'
import { pvcRule } from './pvc.js'
import { replicaSetRule } from './replicaset.js'
import type { Rule } from './rule.js'
import { serviceRule } from './service.js'
import { statefulSetRule } from './statefulset.js'

/** The readiness rule of each kind, by `Kind.group`; other kinds fall back to the kstatus reading. */
const RULES: Record<string, Rule> = {
  'Deployment.apps': deploymentRule,
  'StatefulSet.apps': statefulSetRule,
  'DaemonSet.apps': daemonSetRule,
  'ReplicaSet.apps': replicaSetRule,
  ReplicationController: replicaSetRule,
  'Job.batch': jobRule,
  Pod: podRule,
  PersistentVolumeClaim: pvcRule,
  Service: serviceRule,
  'CustomResourceDefinition.apiextensions.k8s.io': crdRule,
  'Rollout.argoproj.io': argoRolloutRule
}

/** Built-in groups whose other kinds have no rollout: ready as soon as the server has stored them. */
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

/** Whether the wait must watch this kind at all (a ConfigMap is ready once stored). */
export function hasRollout(ref: { apiVersion: string; kind: string }): boolean {
  return groupKind(ref) in RULES || !STATIC_GROUPS.has(groupOf(ref.apiVersion))
}

/** Kinds read by the generic custom-resource rule (no rule of their own). */
export function usesGenericRule(ref: { apiVersion: string; kind: string }): boolean {
  return hasRollout(ref) && !(groupKind(ref) in RULES)
}

/** The rule that judges this kind; undefined for kinds that are ready once stored. */
export function ruleFor(ref: { apiVersion: string; kind: string }): Rule | undefined {
  return RULES[groupKind(ref)] ?? (hasRollout(ref) ? customResourceRule : undefined)
}

/** Workloads: kinds that run pods, whose pods the wait watches (to fail fast and report images). */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Deployment.apps',
  'StatefulSet.apps',
  'DaemonSet.apps',
  'ReplicaSet.apps',
  'ReplicationController',
  'Job.batch',
  'Pod',
  'Rollout.argoproj.io'
])

/** The owners the `selector` input's pods may belong to, and whose rollouts it waits for. */
export const POD_OWNER_KINDS = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  // Served only where Argo Rollouts is installed: watched when the server knows the kind.
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', optional: true }
] as const
