import { clusterClientOver, type ClusterClient } from '../../../src/cluster/client.js'
import type { RequestOptions, Transport } from '../../../src/cluster/http-transport.js'

export interface SentRequest {
  method: string
  path: string
  body?: unknown
  contentType?: string
}

type Answer = { status: number; body?: unknown }

/**
 * The real ClusterClient over a scripted server: every request but discovery is answered by
 * `answer` and recorded. Discovery serves the kinds in SERVED.
 */
export function fakeClusterClient(answer: (request: SentRequest) => Answer): {
  client: ClusterClient
  sent: SentRequest[]
} {
  const sent: SentRequest[] = []
  const transport: Transport = {
    send(method: string, path: string, options: RequestOptions = {}) {
      const discovery = discoveryAnswer(path)
      if (discovery) return Promise.resolve({ status: 200, body: JSON.stringify(discovery) })
      const { body, contentType } = options
      const request = { method, path, body: body === undefined ? undefined : JSON.parse(body), contentType }
      sent.push(request)
      const { status, body: reply } = answer(request)
      return Promise.resolve({
        status,
        body: typeof reply === 'string' ? reply : JSON.stringify(reply ?? {})
      })
    },
    open: () => Promise.reject(new Error('the scripted server does not stream')),
    close: () => undefined
  }
  return { client: clusterClientOver(transport), sent }
}

/** The kinds the scripted server serves, by group version. */
const SERVED: Record<string, string[]> = {
  v1: ['Namespace', 'ConfigMap', 'Secret', 'Service', 'ServiceAccount', 'Pod', 'Event'],
  'apps/v1': ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'],
  'batch/v1': ['Job', 'CronJob'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'apiextensions.k8s.io/v1': ['CustomResourceDefinition'],
  'example.com/v1': ['Widget'],
  'argoproj.io/v1alpha1': ['Rollout']
}

/** The APIResourceList of a group version path (/api/v1, /apis/apps/v1); plural `<kind>s`. */
function discoveryAnswer(path: string): object | undefined {
  const groupVersion = /^\/(?:api|apis)\/(.+)$/.exec(path)?.[1]
  const kinds = groupVersion === undefined ? undefined : SERVED[groupVersion]
  if (!kinds) return undefined
  return {
    kind: 'APIResourceList',
    groupVersion,
    resources: kinds.map(kind => ({
      name: `${kind.toLowerCase()}s`,
      kind,
      namespaced: !['Namespace', 'CustomResourceDefinition'].includes(kind)
    }))
  }
}

/** A Status as the apiserver answers a refusal. */
export function status(code: number, message: string, details: Record<string, unknown> = {}): Answer {
  return {
    status: code,
    body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, message, details }
  }
}
