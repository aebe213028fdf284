import { resolveKinds } from '../../../src/deploy/removal/kinds.js'
import { fakeClusterClient } from '../support/fake-cluster-client.js'

/** The group discovery the scripted server answers: the preferred version of each group it serves. */
const groups: Record<string, string> = { '/apis/apps': 'apps/v1', '/apis/example.com': 'example.com/v1' }

function client() {
  return fakeClusterClient(request => {
    const version = groups[request.path]
    return version
      ? { status: 200, body: { kind: 'APIGroup', preferredVersion: { groupVersion: version } } }
      : { status: 404, body: {} }
  })
}

describe('resolveKinds', () => {
  it('reads plurals, singulars and Kinds, with or without a group, each once', async () => {
    const { client: cluster } = client()
    expect(
      await resolveKinds(cluster, [
        'deployments.apps',
        'Deployment.apps',
        'configmaps',
        'secret',
        'Widget.example.com',
        'namespaces'
      ])
    ).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', namespaced: true },
      { apiVersion: 'v1', kind: 'ConfigMap', namespaced: true },
      { apiVersion: 'v1', kind: 'Secret', namespaced: true },
      { apiVersion: 'example.com/v1', kind: 'Widget', namespaced: true },
      { apiVersion: 'v1', kind: 'Namespace', namespaced: false }
    ])
  })

  it('refuses a kind the server does not serve, naming the input', async () => {
    const { client: cluster } = client()
    await expect(resolveKinds(cluster, ['gadgets.nowhere.example'])).rejects.toThrow(
      'input "kinds": the cluster serves no kind "gadgets.nowhere.example" in group nowhere.example'
    )
    await expect(resolveKinds(cluster, ['deployments'])).rejects.toThrow(
      'input "kinds": the cluster serves no kind "deployments" in the core group (name the group: deployments.apps)'
    )
  })
})
