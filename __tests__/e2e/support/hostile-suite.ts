import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse } from 'yaml'
import { startMirror } from '../../../test/harness/mirror.js'
import { runAction, type ActionRun, type RunnerDirs } from '../../../test/harness/run-action.js'
import {
  admin,
  createNamespace,
  deleteNamespace,
  loadTestCluster,
  type TestCluster
} from '../../../test/harness/test-cluster.js'
import { clusterChanges, snapshotCluster, type ClusterSnapshot } from './cluster-snapshot.js'
import {
  acceptedManifest,
  baseInputs,
  configMapYaml,
  type CaseContext,
  type HostileCase,
  type SuiteSecrets
} from './hostile-case.js'
import { writeFiles, writeFixtures } from './hostile-fixtures.js'
import { sha256, startImpostorMirror } from './impostor-mirror.js'
import { ProcessWatch, type SeenProcess } from './process-watch.js'
import { filesUnder, type KnownSecret, type Place } from './secret-leaks.js'

/** What one case left to judge: both steps' runs, the cluster's changes, the processes and the files. */
export interface CaseEvidence {
  main: ActionRun
  post: ActionRun
  clusterChanges: string[]
  processes: SeenProcess[]
  /** Files left in RUNNER_TEMP and HOME after the post step, and files the run added to the workspace. */
  files: Place[]
}

export interface HostileSuite {
  contextFor(index: number): CaseContext
  run(hostile: HostileCase, c: CaseContext): Promise<CaseEvidence>
  close(): Promise<void>
}

/**
 * One namespace, one workspace and one shared tool cache for the whole table: the cases run one after
 * the other, and most of them stop before they reach the cluster.
 */
export async function setUpHostileSuite(): Promise<HostileSuite> {
  const cluster = loadTestCluster()
  const root = mkdtempSync(path.join(os.tmpdir(), 'kube-deploy-hostile-'))
  const workspace = path.join(root, 'workspace')
  const outside = path.join(root, 'outside')
  const toolCache = path.join(root, 'tool-cache')
  for (const dir of [workspace, outside, toolCache]) mkdirSync(dir, { recursive: true })
  const marker = `hx${randomBytes(3).toString('hex')}`
  const namespace = createNamespace(cluster, 'hostile')
  arrangeNamespace(cluster, namespace)
  writeFixtures(workspace, outside)

  const mirror = await startMirror(requireLocal(cluster.mirrorDir))
  const impostors = await startImpostorMirror(path.join(root, 'impostor'), {
    kubectl: cluster.kubectlVersion,
    helm: cluster.helmVersion
  })
  const adminKubeconfig = readFileSync(cluster.kubeconfigFile, 'utf8')
  const secrets = suiteSecrets()
  const shared = {
    cluster,
    namespace,
    marker,
    workspace,
    outside,
    secrets,
    known: knownSecrets(cluster, adminKubeconfig, secrets),
    mirror,
    digests: toolDigests(cluster),
    impostors,
    caPem: readFileSync(requireLocal(cluster.caFile), 'utf8'),
    adminKubeconfig
  }

  let previous: ClusterSnapshot | undefined
  return {
    contextFor: index => ({ ...shared, index }),
    async run(hostile, c) {
      const dirs = arrangeCase(hostile, c, root, toolCache)
      const rowInputs = hostile.inputs(c)
      const inputs = { ...baseInputs(c, rowInputs.command ?? 'apply'), ...rowInputs }

      const workspaceBefore = new Set(filesUnder([workspace], workspace).map(place => place.where))
      // The cluster as the previous case left it: nothing but the cases changes the namespace.
      const before = previous ?? snapshotCluster(cluster, namespace, marker)
      const watch = new ProcessWatch()
      const step = {
        env: { GITHUB_WORKSPACE: workspace },
        cwd: workspace,
        onSpawn: (pid: number) => watch.watch(pid)
      }
      const main = await runAction(inputs, dirs, step)
      const post = await runAction({}, dirs, { ...step, entry: 'dist/post.js', state: main.state })
      const processes = watch.stop()
      const after = snapshotCluster(cluster, namespace, marker)
      previous = after
      const added = filesUnder([workspace], workspace).filter(place => !workspaceBefore.has(place.where))
      return {
        main,
        post,
        clusterChanges: clusterChanges(before, after),
        processes,
        files: [...filesUnder([dirs.temp, dirs.home], path.dirname(dirs.temp)), ...added]
      }
    },
    async close() {
      deleteNamespace(cluster, namespace)
      removeMarked(cluster, marker)
      await Promise.all([mirror.close(), impostors.close()])
      // Each downloading case leaves a tool cache of its own: hundreds of MB in all.
      rmSync(root, { recursive: true, force: true })
    }
  }
}

/**
 * Writes the case's files, clears the impostors' markers, and makes the runner folders of the case:
 * its own RUNNER_TEMP and HOME (searched for secrets afterwards), and the shared tool cache unless the
 * case is about a download.
 */
function arrangeCase(hostile: HostileCase, c: CaseContext, root: string, toolCache: string): RunnerDirs {
  const caseRoot = mkdtempSync(path.join(root, `case-${c.index}-`))
  const dirs: RunnerDirs = {
    temp: path.join(caseRoot, 'temp'),
    home: path.join(caseRoot, 'home'),
    toolCache: hostile.download ? path.join(caseRoot, 'tool-cache') : toolCache
  }
  for (const dir of [dirs.temp, dirs.home, dirs.toolCache]) mkdirSync(dir, { recursive: true })
  if (hostile.download) shareToolsBut(hostile.download, toolCache, dirs.toolCache)
  for (const file of [c.impostors.kubectlMarker, c.impostors.helmMarker]) rmSync(file, { force: true })
  writeFiles(c.workspace, {
    [acceptedManifest(c)]: configMapYaml(`accepted-case-${c.index}`),
    ...hostile.files?.(c)
  })
  writeFiles(c.outside, hostile.outsideFiles?.(c) ?? {})
  hostile.arrange?.(c)
  return dirs
}

/**
 * A case's own tool cache: every tool of the shared cache (linked, not copied) but the one whose
 * download the case is about. The first helm case fills the shared cache with helm.
 */
function shareToolsBut(tool: string, shared: string, own: string): void {
  for (const name of readdirSync(shared))
    if (name !== tool) symlinkSync(path.join(shared, name), path.join(own, name))
}

/** What the patch and kubectl cases aim at: a ConfigMap and a Secret of the namespace. */
function arrangeNamespace(cluster: TestCluster, namespace: string): void {
  admin(cluster, ['create', 'configmap', 'hostile-config', '--namespace', namespace, '--from-literal=a=b'])
  admin(cluster, [
    'create',
    'secret',
    'generic',
    'hostile-creds',
    '--namespace',
    namespace,
    '--from-literal=a=b'
  ])
}

/** What a case created that it should not have (namespaces, CRDs): the names hold the marker. */
function removeMarked(cluster: TestCluster, marker: string): void {
  for (const kind of ['namespaces', 'customresourcedefinitions']) {
    const names = admin(cluster, ['get', kind, '-o', 'name']).split('\n')
    const marked = names.filter(name => name.includes(marker))
    if (marked.length > 0) admin(cluster, ['delete', ...marked, '--wait=false', '--ignore-not-found'])
  }
}

/** Fresh values every run, long enough that finding one anywhere cannot be chance. */
function suiteSecrets(): SuiteSecrets {
  const value = (what: string): string => `${what}-${randomBytes(12).toString('hex')}`
  return {
    fakeToken: value('faketoken'),
    urlPassword: value('urlpass'),
    mirrorPassword: value('mirrorpass'),
    setValue: value('setvalue'),
    secretData: value('secretdata'),
    manifestPassword: value('manifestpass'),
    argsToken: value('argstoken')
  }
}

function knownSecrets(cluster: TestCluster, kubeconfig: string, secrets: SuiteSecrets): KnownSecret[] {
  const known: KnownSecret[] = Object.entries(secrets).map(([name, value]) => ({ name, value }))
  if (cluster.deployerToken) known.push({ name: 'deployer token', value: cluster.deployerToken })
  if (cluster.readerToken) known.push({ name: 'reader token', value: cluster.readerToken })
  const users = (parse(kubeconfig) as { users?: { user?: Record<string, unknown> }[] }).users ?? []
  for (const { user = {} } of users) {
    for (const key of ['token', 'password', 'client-key-data']) {
      const value = user[key]
      if (typeof value === 'string') known.push({ name: `admin kubeconfig ${key}`, value })
    }
  }
  return known
}

/** The sha256 of the tools the loopback mirror serves (built for the local cluster, not the official ones). */
function toolDigests(cluster: TestCluster): { kubectl: string; helm: string } {
  const mirrorDir = requireLocal(cluster.mirrorDir)
  const platform = { os: 'linux', arch: process.arch === 'arm64' ? 'arm64' : 'amd64' }
  return {
    kubectl: sha256(
      path.join(mirrorDir, 'kubectl', cluster.kubectlVersion, 'bin', platform.os, platform.arch, 'kubectl')
    ),
    helm: sha256(
      path.join(mirrorDir, 'helm', `helm-${cluster.helmVersion}-${platform.os}-${platform.arch}.tar.gz`)
    )
  }
}

function requireLocal(value: string | undefined): string {
  if (!value) throw new Error('the hostile-inputs suite needs the local cluster (its CA, tokens and mirror)')
  return value
}
