import { mkdtemp, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import type { V1APIResource } from '@kubernetes/client-node'
import type { ClusterClient } from '../../../src/cluster/client.js'
import type { ClusterConnection } from '../../../src/cluster/connection.js'
import { statusStrategy } from '../../../src/deploy/strategies/status-strategy.js'
import { getSettings } from '../../../src/inputs.js'
import type { Kubectl } from '../../../src/tool-runners/kubectl-cli.js'

const kubeconfig = 'apiVersion: v1\nkind: Config\n'
const manifests = `apiVersion: v1
kind: ConfigMap
metadata: {name: present}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: absent}
`

/** The API as the status command reads it: discovery for ConfigMaps, and GET of the objects that exist. */
function clusterWith(existing: string[]): ClusterClient & { paths: string[] } {
  const paths: string[] = []
  const configMaps: V1APIResource = {
    name: 'configmaps',
    namespaced: true,
    kind: 'ConfigMap',
    singularName: 'configmap',
    verbs: ['get']
  }
  return {
    paths,
    resource: () => Promise.resolve(configMaps),
    collectionPath: (ref: { namespace?: string }) =>
      Promise.resolve(`/api/v1/namespaces/${ref.namespace ?? ''}/configmaps`),
    request: (method: string, requestPath: string) => {
      paths.push(`${method} ${requestPath}`)
      const name = requestPath.split('/').pop() ?? ''
      return Promise.resolve(
        existing.includes(name)
          ? {
              status: 200,
              body: JSON.stringify({
                apiVersion: 'v1',
                kind: 'ConfigMap',
                metadata: { name, namespace: 'shop' }
              })
            }
          : {
              status: 404,
              body: JSON.stringify({ kind: 'Status', message: `configmaps "${name}" not found` })
            }
      )
    }
  } as unknown as ClusterClient & { paths: string[] }
}

async function planWith(existing: string[]) {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'status-'))
  await writeFile(path.join(workspace, 'app.yaml'), manifests)
  const client = clusterWith(existing)
  const settings = getSettings(name => ({ kubeconfig, command: 'status', manifests: 'app.yaml' })[name] ?? '')
  const cluster = {
    namespace: 'shop',
    client,
    kubectl: {} as Kubectl
  } as unknown as ClusterConnection
  const plan = statusStrategy({ settings, cluster, workspace, noteDone: () => undefined }).plan()
  return { plan, client }
}

describe('statusStrategy', () => {
  it('reads every object of the manifests and fails with "not found" for one that does not exist', async () => {
    const { plan, client } = await planWith(['present'])
    await expect(plan).rejects.toThrow(
      'not found: configmap/absent in namespace shop (app.yaml:5); command: status reports only what exists'
    )
    expect(client.paths).toEqual([
      'GET /api/v1/namespaces/shop/configmaps/present',
      'GET /api/v1/namespaces/shop/configmaps/absent'
    ])
  })

  it('observes them all when they exist, changing nothing', async () => {
    const { plan } = await planWith(['present', 'absent'])
    expect(await plan).toEqual({
      phases: [],
      observed: [
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'present', namespace: 'shop' },
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'absent', namespace: 'shop' }
      ],
      alwaysWait: true
    })
  })
})
