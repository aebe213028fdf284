import type { KubeObject } from '../kube-object.js'
import { podSpecPaths, type FieldPath } from './container-images.js'
import { isRecord, valueAt } from './field-path.js'

/** The kinds whose objects a pod spec names: the ones that can be versioned. */
export type ConfigKind = 'ConfigMap' | 'Secret'

/** One place in a pod spec that names a ConfigMap or a Secret: `holder[field]` holds the name. */
export interface ConfigReference {
  kind: ConfigKind
  holder: Record<string, unknown>
  field: string
  /** Where it is, for the log: `containers[0].envFrom[1].configMapRef`. */
  site: string
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const

/**
 * Every pod spec of an object: a Pod's own, a workload's template (Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, Job, and custom resources with `spec.template`, such as Argo Rollouts), a CronJob's job
 * template, and the template a ControllerRevision keeps (a StatefulSet's or DaemonSet's history).
 */
export function podSpecsOf(object: KubeObject): Record<string, unknown>[] {
  const paths: FieldPath[] =
    object.kind === 'ControllerRevision' ? [['data', 'spec', 'template', 'spec']] : podSpecPaths(object)
  return paths.map(path => valueAt(object, path)).filter(isRecord)
}

/**
 * Every reference to a ConfigMap or Secret in a pod spec, as the API defines them: in each container
 * (init and ephemeral ones included) `env[].valueFrom.configMapKeyRef` / `secretKeyRef` and
 * `envFrom[].configMapRef` / `secretRef`; `volumes[].configMap` / `secret.secretName`; the sources of
 * `projected` volumes; `imagePullSecrets`. References are by name in the pod's own namespace.
 */
export function configReferences(podSpec: Record<string, unknown>): ConfigReference[] {
  const found: ConfigReference[] = []
  const add = (kind: ConfigKind, holder: unknown, field: string, site: string): void => {
    if (isRecord(holder) && typeof holder[field] === 'string') found.push({ kind, holder, field, site })
  }
  for (const list of CONTAINER_LISTS) {
    records(podSpec[list]).forEach((container, c) => {
      records(container.env).forEach((env, e) => {
        const from = isRecord(env.valueFrom) ? env.valueFrom : {}
        const at = `${list}[${c}].env[${e}].valueFrom`
        add('ConfigMap', from.configMapKeyRef, 'name', `${at}.configMapKeyRef`)
        add('Secret', from.secretKeyRef, 'name', `${at}.secretKeyRef`)
      })
      records(container.envFrom).forEach((source, e) => {
        add('ConfigMap', source.configMapRef, 'name', `${list}[${c}].envFrom[${e}].configMapRef`)
        add('Secret', source.secretRef, 'name', `${list}[${c}].envFrom[${e}].secretRef`)
      })
    })
  }
  records(podSpec.volumes).forEach((volume, v) => {
    add('ConfigMap', volume.configMap, 'name', `volumes[${v}].configMap`)
    add('Secret', volume.secret, 'secretName', `volumes[${v}].secret`)
    const projected = isRecord(volume.projected) ? volume.projected : {}
    records(projected.sources).forEach((source, s) => {
      add('ConfigMap', source.configMap, 'name', `volumes[${v}].projected.sources[${s}].configMap`)
      add('Secret', source.secret, 'name', `volumes[${v}].projected.sources[${s}].secret`)
    })
  })
  records(podSpec.imagePullSecrets).forEach((secret, i) => {
    add('Secret', secret, 'name', `imagePullSecrets[${i}]`)
  })
  return found
}

/** Every reference an object's pod specs make. */
export function objectConfigReferences(object: KubeObject): ConfigReference[] {
  return podSpecsOf(object).flatMap(configReferences)
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : []
}
