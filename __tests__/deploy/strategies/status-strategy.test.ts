import { mkdtemp, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import type { ClusterClient } from '../../../src/cluster/client.js'
import type { ClusterConnection } from '../../../src/cluster/connection.js'
import { statusStrategy } from '../../../src/deploy/strategies/status-strategy.js'
import { getSettings } from '../../../src/inputs.js'
import { fakeClusterClient, status } from '../support/fake-cluster-client.js'
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

/** The API as the status command reads it: GET of the ConfigMaps that exist, 404 for the others. */
function clusterWith(existing: string[]): { client: ClusterClient; paths: () => string[] } {
  const { client, sent } = fakeClusterClient(request => {
    const name = request.path.split('/').pop() ?? ''
    return existing.includes(name)
      ? { status: 200, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop' } } }
      : status(404, `configmaps "${name}" not found`)
  })
  return { client, paths: () => sent.map(request => `${request.method} ${request.path}`) }
}

async function planWith(existing: string[]) {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'status-'))
  await writeFile(path.join(workspace, 'app.yaml'), manifests)
  const { client, paths } = clusterWith(existing)
  const settings = getSettings(name => ({ kubeconfig, command: 'status', manifests: 'app.yaml' })[name] ?? '')
  const cluster = {
    namespace: 'shop',
    client,
    kubectl: {} as Kubectl
  } as unknown as ClusterConnection
  const plan = statusStrategy({ settings, cluster, workspace, noteDone: () => undefined }).plan()
  return { plan, paths }
}

describe('statusStrategy', () => {
  it('reads every object of the manifests and fails with "not found" for one that does not exist', async () => {
    const { plan, paths } = await planWith(['present'])
    await expect(plan).rejects.toThrow(
      'not found: configmap/absent in namespace shop (app.yaml:5); command: status reports only what exists'
    )
    expect(paths()).toEqual([
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

  it('reads the target too, once, and fails with "not found" when it does not exist', async () => {
    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', namespace: 'shop' }
    const withRollout = async (exists: boolean) => {
      const workspace = await mkdtemp(path.join(os.tmpdir(), 'status-'))
      await writeFile(path.join(workspace, 'app.yaml'), manifests)
      const { client } = fakeClusterClient(request =>
        request.path.includes('/rollouts/') && !exists
          ? status(404, 'rollouts.argoproj.io "web" not found')
          : { status: 200, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } }
      )
      const inputs: Record<string, string> = { kubeconfig, command: 'status', target: 'rollout/web' }
      const settings = getSettings(name => inputs[name] ?? '')
      const cluster = { namespace: 'shop', client, kubectl: {} as Kubectl } as unknown as ClusterConnection
      return statusStrategy({ settings, cluster, workspace, noteDone: () => undefined }).plan()
    }
    expect(await withRollout(true)).toEqual({ phases: [], observed: [rollout], alwaysWait: true })
    await expect(withRollout(false)).rejects.toThrow(
      'input "target": not found: rollout/web in namespace shop'
    )
  })
})
