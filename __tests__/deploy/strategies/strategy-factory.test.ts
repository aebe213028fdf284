import { mkdtemp } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import type { ClusterClient } from '../../../src/cluster/client.js'
import type { ClusterConnection } from '../../../src/cluster/connection.js'
import type { Change } from '../../../src/deploy/change-set.js'
import type { StrategyContext } from '../../../src/deploy/strategies/command-strategy.js'
import { commandStrategy } from '../../../src/deploy/strategies/strategy-factory.js'
import { getSettings, type Command } from '../../../src/inputs.js'
import type { KubeObject } from '../../../src/kube-object.js'
import type { Kubectl } from '../../../src/tool-runners/kubectl-cli.js'
import { fixture } from '../../fixtures.js'
import { fakeClusterClient } from '../support/fake-cluster-client.js'

const kubeconfig = 'apiVersion: v1\nkind: Config\n'
const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }
const conf = { apiVersion: 'v1', kind: 'ConfigMap', name: 'conf', namespace: 'shop' }

/** kubectl as the strategies see it: records what they run; nothing here reaches a cluster. */
function recordingKubectl(): Kubectl & { calls: string[][] } {
  const calls: string[][] = []
  return {
    calls,
    run: args => {
      calls.push(args)
      return Promise.resolve({ exitCode: 0, stdout: '', stderr: '' })
    },
    json: args => Promise.reject(new Error(`no JSON expected from kubectl ${args.join(' ')}`))
  }
}

async function contextFor(inputs: Record<string, string>, kubectl: Kubectl): Promise<StrategyContext> {
  const settings = getSettings(name => ({ kubeconfig, ...inputs })[name] ?? '')
  const cluster: ClusterConnection = {
    kubeconfig: '/nonexistent/kubeconfig',
    namespace: 'shop',
    server: 'https://k8s.example:6443',
    workDir: await mkdtemp(path.join(os.tmpdir(), 'strategy-')),
    kubectl,
    // The strategies tested here decide without the API: any use of the client is a failure.
    client: {} as ClusterClient
  }
  return { settings, cluster, workspace: process.cwd(), noteDone: () => undefined }
}

const inputsOf: Record<Command, Record<string, string>> = {
  apply: { manifests: 'k8s/' },
  patch: { command: 'patch', 'patch-target': 'deployment/web', patch: 'spec: {replicas: 2}' },
  helm: { command: 'helm', chart: './charts/web', release: 'web' },
  kubectl: { command: 'kubectl', args: 'rollout restart deployment/web' },
  status: { command: 'status', selector: 'app=web' },
  delete: { command: 'delete', selector: 'app=web', kinds: 'deployments.apps' },
  promote: { command: 'promote', target: 'rollout/web' },
  abort: { command: 'abort', target: 'rollout/web' },
  reject: { command: 'reject', target: 'deployment/web' }
}

describe('commandStrategy', () => {
  it.each(Object.entries(inputsOf))('has a strategy for command %s', async (command, inputs) => {
    const context = await contextFor(inputs, recordingKubectl())
    const strategy = commandStrategy(command as Command, context)
    expect(typeof strategy.plan).toBe('function')
    expect(typeof strategy.undo).toBe('function')
  })

  it('kubectl: one phase that runs the command as given, named by its verb only; nothing to undo', async () => {
    const kubectl = recordingKubectl()
    const strategy = commandStrategy(
      'kubectl',
      await contextFor(
        { command: 'kubectl', args: 'create secret generic db --from-literal=password=hunter2' },
        kubectl
      )
    )
    const plan = await strategy.plan()
    expect(plan.phases.map(phase => phase.name)).toEqual(['kubectl create'])
    expect(plan).toMatchObject({ observed: [], alwaysWait: false })
    expect(kubectl.calls).toEqual([])
    expect(await plan.phases[0].apply()).toEqual([])
    expect(kubectl.calls).toEqual([['create', 'secret', 'generic', 'db', '--from-literal=password=hunter2']])
    expect(await strategy.undo([])).toEqual({
      restored: [],
      nothingToUndo: 'command: kubectl has no record of what it changed'
    })
  })

  it('kubectl: a first argument that is a flag is not the name of the phase', async () => {
    const strategy = commandStrategy(
      'kubectl',
      await contextFor({ command: 'kubectl', args: '--request-timeout=5s get pods' }, recordingKubectl())
    )
    expect((await strategy.plan()).phases.map(phase => phase.name)).toEqual(['kubectl'])
  })

  it('status with a selector only: changes nothing, and waits whatever `wait` says', async () => {
    const kubectl = recordingKubectl()
    const strategy = commandStrategy(
      'status',
      await contextFor({ command: 'status', selector: 'app=web', wait: 'false' }, kubectl)
    )
    expect(await strategy.plan()).toEqual({ phases: [], observed: [], alwaysWait: true })
    expect(await strategy.undo([])).toEqual({
      restored: [],
      nothingToUndo: 'command: status changes nothing'
    })
    expect(kubectl.calls).toEqual([])
  })

  it.each(['apply', 'patch'] as const)(
    '%s: undo puts a configured workload back to its previous spec, with the live resourceVersion as precondition',
    async command => {
      const kubectl = recordingKubectl()
      const context = await contextFor(inputsOf[command], kubectl)
      const live = fixture('deployment-complete')
      const { client, sent } = fakeClusterClient(request =>
        request.method === 'GET' ? { status: 200, body: live } : { status: 200, body: request.body }
      )
      context.cluster.client = client
      const changes: Change[] = [
        { ref: web, action: 'configured', previous: fixture('deployment-complete') },
        { ref: conf, action: 'configured', previous: fixture('deployment-complete') }
      ]
      const undone = await commandStrategy(command, context).undo(changes)
      expect(undone).toEqual({ restored: [web], problems: [] })
      expect(kubectl.calls).toEqual([])
      expect(sent.map(request => `${request.method} ${request.path.split('?')[0]}`)).toEqual([
        'GET /apis/apps/v1/namespaces/shop/deployments/web',
        'PUT /apis/apps/v1/namespaces/shop/deployments/web'
      ])
      const put = sent[1].body as KubeObject
      expect(put.metadata).toEqual({
        name: 'web',
        namespace: 'shop',
        annotations: { 'deployment.kubernetes.io/revision': '2' },
        resourceVersion: live.metadata.resourceVersion
      })
      expect(put.status).toBeUndefined()
    }
  )

  it('apply: a workload this run created has no previous spec, so there is nothing to undo', async () => {
    const kubectl = recordingKubectl()
    const strategy = commandStrategy('apply', await contextFor(inputsOf.apply, kubectl))
    const undone = await strategy.undo([
      { ref: web, action: 'created' },
      { ref: conf, action: 'configured', previous: fixture('deployment-complete') }
    ])
    expect(undone).toEqual({ restored: [], nothingToUndo: 'no changed workload had a previous revision' })
    expect(kubectl.calls).toEqual([])
  })

  it('helm: a release with no revision before the run is left as installed', async () => {
    const strategy = commandStrategy('helm', await contextFor(inputsOf.helm, recordingKubectl()))
    expect(await strategy.undo([{ ref: web, action: 'created' }])).toEqual({
      restored: [],
      nothingToUndo: 'helm release web had no previous revision; left as installed'
    })
  })
})
