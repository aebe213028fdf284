/** Builders for the objects the scenarios create. Images need not exist: kwok pulls nothing. */

export type Simulation = 'image-pull-error' | 'crash-loop' | 'never-ready' | 'fail' | 'manual-status'

export interface PodOptions {
  app?: string
  image?: string
  simulate?: Simulation
  nodeSelector?: Record<string, string>
  readinessProbe?: boolean
  cpuRequest?: string
  restartPolicy?: 'Always' | 'Never' | 'OnFailure'
  extraLabels?: Record<string, string>
}

export const IMAGE_V1 = 'fx/web:1.0.0'
export const IMAGE_V2 = 'fx/web:1.1.0'
export const IMAGE_MISSING = 'fx/web:9.9.9-missing'

type Json = Record<string, unknown>

export function podTemplate(options: PodOptions = {}): Json {
  const app = options.app ?? 'web'
  const labels: Record<string, string> = { app, ...(options.extraLabels ?? {}) }
  if (options.simulate) labels['kube-deploy.test/simulate'] = options.simulate
  const container: Json = {
    name: 'web',
    image: options.image ?? IMAGE_V1,
    ports: [{ name: 'http', containerPort: 8080 }]
  }
  if (options.readinessProbe) {
    container.readinessProbe = { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 }
  }
  if (options.cpuRequest) container.resources = { requests: { cpu: options.cpuRequest } }
  const spec: Json = { containers: [container] }
  if (options.nodeSelector) spec.nodeSelector = options.nodeSelector
  if (options.restartPolicy) spec.restartPolicy = options.restartPolicy
  return { metadata: { labels }, spec }
}

export function deployment(name: string, replicas: number, pod: PodOptions = {}, extra: Json = {}): Json {
  const app = pod.app ?? name
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app } },
    spec: { replicas, selector: { matchLabels: { app } }, template: podTemplate({ ...pod, app }), ...extra }
  }
}

export function replicaSet(name: string, replicas: number, pod: PodOptions = {}): Json {
  const app = pod.app ?? name
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, labels: { app } },
    spec: { replicas, selector: { matchLabels: { app } }, template: podTemplate({ ...pod, app }) }
  }
}

export function statefulSet(name: string, replicas: number, pod: PodOptions = {}, extra: Json = {}): Json {
  const app = pod.app ?? name
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, labels: { app } },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app } },
      template: podTemplate({ ...pod, app }),
      ...extra
    }
  }
}

export function daemonSet(name: string, pod: PodOptions = {}): Json {
  const app = pod.app ?? name
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, labels: { app } },
    spec: { selector: { matchLabels: { app } }, template: podTemplate({ ...pod, app }) }
  }
}

export function job(name: string, pod: PodOptions = {}, extra: Json = {}): Json {
  const app = pod.app ?? name
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: { app } },
    spec: { template: podTemplate({ ...pod, app, restartPolicy: pod.restartPolicy ?? 'Never' }), ...extra }
  }
}

export function pod(name: string, options: PodOptions = {}, metadata: Json = {}): Json {
  const template = podTemplate({ ...options, app: options.app ?? name })
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(template.metadata as Json), ...metadata },
    spec: template.spec
  }
}

export function resourceQuota(name: string, hard: Record<string, string>): Json {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name }, spec: { hard } }
}

export const WIDGET_GROUP = 'fx.kube-deploy.test'

/** A CRD like the example app's: status subresource, status schema left open. */
export const widgetCrd: Json = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${WIDGET_GROUP}` },
  spec: {
    group: WIDGET_GROUP,
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { size: { type: 'string' }, replicas: { type: 'integer' } }
              },
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }
            }
          }
        }
      }
    ]
  }
}

/** The shape of Argo Rollouts' CRD that matters here: status and scale subresources, open schema. */
export const rolloutCrd: Json = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'rollouts.argoproj.io' },
  spec: {
    group: 'argoproj.io',
    scope: 'Namespaced',
    names: {
      kind: 'Rollout',
      listKind: 'RolloutList',
      plural: 'rollouts',
      singular: 'rollout',
      shortNames: ['ro']
    },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        subresources: {
          status: {},
          scale: {
            specReplicasPath: '.spec.replicas',
            statusReplicasPath: '.status.HPAReplicas',
            labelSelectorPath: '.status.selector'
          }
        },
        additionalPrinterColumns: [
          { name: 'Desired', type: 'integer', jsonPath: '.spec.replicas' },
          { name: 'Current', type: 'integer', jsonPath: '.status.replicas' },
          { name: 'Up-to-date', type: 'integer', jsonPath: '.status.updatedReplicas' },
          { name: 'Available', type: 'integer', jsonPath: '.status.availableReplicas' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }
        ],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }
            },
            required: ['spec']
          }
        }
      }
    ]
  }
}
