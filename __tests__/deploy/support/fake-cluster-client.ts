import type { ClusterClient } from '../../../src/cluster/client.js'

export interface SentRequest {
  method: string
  path: string
  body?: unknown
  contentType?: string
}

type Answer = { status: number; body?: unknown }

/**
 * A ClusterClient that answers raw requests from `answer` and records them; kinds are namespaced but
 * Namespace. Only what validation uses is there.
 */
export function fakeClusterClient(answer: (request: SentRequest) => Answer): {
  client: ClusterClient
  sent: SentRequest[]
} {
  const sent: SentRequest[] = []
  const plural = (kind: string): string => `${kind.toLowerCase()}s`
  const client = {
    resource: (_apiVersion: string, kind: string) =>
      Promise.resolve({
        name: plural(kind),
        namespaced: kind !== 'Namespace',
        kind,
        singularName: '',
        verbs: []
      }),
    collectionPath: (ref: { apiVersion: string; kind: string; namespace?: string }) => {
      const base = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`
      const scope = ref.namespace ? `/namespaces/${ref.namespace}` : ''
      return Promise.resolve(`${base}${scope}/${plural(ref.kind)}`)
    },
    request: (method: string, path: string, body?: string, contentType?: string) => {
      const request = { method, path, body: body === undefined ? undefined : JSON.parse(body), contentType }
      sent.push(request)
      const { status, body: reply } = answer(request)
      return Promise.resolve({
        status,
        body: typeof reply === 'string' ? reply : JSON.stringify(reply ?? {})
      })
    }
  } as unknown as ClusterClient
  return { client, sent }
}

/** A Status as the apiserver answers a refusal. */
export function status(code: number, message: string, details: Record<string, unknown> = {}): Answer {
  return {
    status: code,
    body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, message, details }
  }
}
