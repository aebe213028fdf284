import * as core from '@actions/core'
import { mkdtemp } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { createHelm } from './tool-runners/helm-cli.js'
import { createKubectl, type Kubectl } from './tool-runners/kubectl-cli.js'
import { createClusterClient, type ClusterClient } from './cluster/client.js'
import { buildClusterConfig, writeKubeconfig } from './cluster/kubeconfig.js'
import { State } from './constants.js'
import { applyManifests } from './deploy/apply.js'
import type { ChangeSet } from './deploy/change-set.js'
import { helmRollback, helmUpgrade } from './deploy/helm.js'
import { resolveNamespaces } from './deploy/namespaces.js'
import { patchObject } from './deploy/patch.js'
import type { Settings } from './inputs.js'
import { toRef, type ObjectRef } from './kube-object.js'
import { planManifests } from './manifests/plan.js'
import { buildRows, safeServer, type RolloutReport } from './report/rollout-report.js'
import { collectEvidence } from './rollout/evidence.js'
import { ProgressLog } from './rollout/progress.js'
import { planRollback, rollBack } from './rollout/rollback.js'
import { waitForRollout, type WaitResult } from './rollout/wait.js'
import { installHelm } from './tool-installers/helm.js'
import { installKubectl } from './tool-installers/kubectl.js'

/** A first image pull error counts only after this long: the kubelet retries once before backing off. */
const PULL_ERROR_GRACE_MS = 5_000
const EMPTY_SELECTOR_GRACE_MS = 10_000

/** What the run needs from its surroundings; the runner's variables in production, temp folders in tests. */
export interface RunnerContext {
  tempDir: string
  workspace: string
  startedAt: number
}

export function runnerContext(startedAt = Date.now()): RunnerContext {
  return {
    tempDir: process.env.RUNNER_TEMP || os.tmpdir(),
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
    startedAt
  }
}

interface Session {
  kubeconfig: string
  kubectl: Kubectl
  client: ClusterClient
  namespace: string
  server: string
  workDir: string
}

/**
 * The whole step: cluster access → tools → change → wait → (rollback) → report data.
 * Throws for anything that stops the run before the wait (bad input, refused change); a rollout
 * that fails or times out is not an exception but a report with that status.
 */
export async function deploy(settings: Settings, context: RunnerContext): Promise<RolloutReport> {
  const session = await openSession(settings, context)
  const { kubectl, client, namespace } = session
  const progress = new ProgressLog(context.startedAt)

  let changeSet: ChangeSet = { changes: [] }
  let observed: ObjectRef[] = []
  const wait = (targets: ObjectRef[], withSelector = true): Promise<WaitResult> =>
    waitForRollout(client, {
      targets,
      selector: withSelector ? settings.wait.selector : undefined,
      namespace,
      deadline: Date.now() + settings.wait.timeoutSeconds * 1000,
      failFast: settings.wait.failFast,
      pullErrorGraceMs: PULL_ERROR_GRACE_MS,
      emptySelectorGraceMs: EMPTY_SELECTOR_GRACE_MS,
      rules: { readyConditions: settings.wait.readyConditions },
      startedAt: context.startedAt,
      progress
    })

  switch (settings.command) {
    case 'apply': {
      const entries = await planManifests(settings.apply, kubectl, context.workspace)
      const changes = await applyManifests(kubectl, client, entries, {
        namespace,
        serverSide: settings.apply.serverSide,
        forceConflicts: settings.apply.forceConflicts,
        workDir: session.workDir,
        waitForCrds: async crds => {
          // The selector's pods belong to what comes after the CRDs: not part of this wait.
          const result = await wait(
            crds.map(change => change.ref),
            false
          )
          if (result.status !== 'succeeded')
            throw new Error(`CRDs did not become Established: ${result.problems.join('; ')}`)
        }
      })
      changeSet = { changes }
      break
    }
    case 'patch':
      changeSet = {
        changes: await patchObject(
          kubectl,
          settings.patch.target,
          settings.patch.body,
          settings.patch.type,
          namespace
        )
      }
      break
    case 'helm': {
      const helmBinary = await installHelm(settings.tools.helmVersion, settings.tools.helmMirror)
      const helm = createHelm(helmBinary, session.kubeconfig, namespace)
      changeSet = await helmUpgrade(helm, client, settings.helm, namespace)
      break
    }
    case 'kubectl':
      await kubectl.run(settings.kubectlArgs, { echo: true })
      break
    case 'status': {
      if (settings.apply.manifests.length > 0 || settings.apply.kustomize) {
        const entries = await planManifests(settings.apply, kubectl, context.workspace)
        await resolveNamespaces(client, entries, namespace)
        observed = entries.map(entry => toRef(entry.object))
      }
      break
    }
  }

  const targets = [...changeSet.changes.map(change => change.ref), ...observed]
  const report: RolloutReport = {
    status: 'succeeded',
    command: settings.command,
    server: session.server,
    namespace,
    durationSeconds: 0,
    rows: buildRows(changeSet.changes, targets, undefined),
    problems: [],
    evidence: [],
    done: []
  }
  const shouldWait = settings.wait.enabled || settings.command === 'status'
  if (!shouldWait || (targets.length === 0 && !settings.wait.selector)) return finish(report, context)

  report.waitStartedAt = Date.now() - context.startedAt
  core.info(
    `waiting up to ${settings.wait.timeoutSeconds}s for ${targets.length} object(s)${settings.wait.selector ? ` and pods matching "${settings.wait.selector}"` : ''}`
  )
  const result = await wait(targets)
  const ready = result.objects.filter(outcome => outcome.state === 'Current').length
  core.info(
    `rollout ${result.status}: ${ready} of ${result.objects.length} object(s) ready after ${((Date.now() - context.startedAt) / 1000).toFixed(1)}s`
  )
  Object.assign(report, {
    status: result.status,
    rows: buildRows(changeSet.changes, targets, result),
    selector: result.selector,
    problems: result.problems
  })
  if (result.status === 'succeeded') return finish(report, context)

  const failedObjects = result.objects.filter(
    outcome => outcome.state === 'Failed' || outcome.pods.some(pod => pod.terminal)
  )
  report.evidence = await collectEvidence(client, failedObjects)
  core.startGroup('Evidence of the failure')
  for (const block of report.evidence) core.info(block.text)
  core.endGroup()

  if (settings.rollbackOnFailure && settings.command !== 'status') {
    report.rollback = await rollBackChanges(settings, session, changeSet, wait)
  }
  return finish(report, context)
}

async function rollBackChanges(
  settings: Settings,
  session: Session,
  changeSet: ChangeSet,
  wait: (targets: ObjectRef[]) => Promise<WaitResult>
): Promise<NonNullable<RolloutReport['rollback']>> {
  core.info('rolling back')
  let restored: ObjectRef[] = []
  if (changeSet.helmRelease) {
    const { name, previousRevision } = changeSet.helmRelease
    if (previousRevision === undefined)
      return {
        status: 'not-needed',
        problems: [`helm release ${name} had no previous revision; left as installed`],
        restored: []
      }
    const helm = createHelm(
      await installHelm(settings.tools.helmVersion, settings.tools.helmMirror),
      session.kubeconfig,
      session.namespace
    )
    await helmRollback(helm, name, previousRevision)
    restored = changeSet.changes.map(change => change.ref)
  } else {
    const plan = planRollback(changeSet.changes)
    restored = await rollBack(session.kubectl, plan, session.workDir)
    if (restored.length === 0)
      return { status: 'not-needed', problems: ['no changed workload had a previous revision'], restored: [] }
  }
  const result = await wait(restored)
  return {
    status: result.status,
    problems: result.problems,
    restored: restored.map(ref => `${ref.kind.toLowerCase()}/${ref.name} restored`)
  }
}

async function openSession(settings: Settings, context: RunnerContext): Promise<Session> {
  const cluster = buildClusterConfig(settings.access, settings.namespace)
  for (const secret of cluster.secrets) core.setSecret(secret)
  const workDir = await mkdtemp(path.join(context.tempDir, 'kube-deploy-'))
  core.saveState(State.WorkDir, workDir)
  const kubeconfig = await writeKubeconfig(workDir, cluster.content)
  const kubectlBinary = await installKubectl(settings.tools.kubectlVersion, settings.tools.kubectlMirror)
  core.info(`cluster ${safeServer(cluster.server)}, namespace ${cluster.namespace}`)
  return {
    kubeconfig,
    kubectl: createKubectl(kubectlBinary, kubeconfig, workDir),
    client: createClusterClient(kubeconfig),
    namespace: cluster.namespace,
    server: safeServer(cluster.server),
    workDir
  }
}

function finish(report: RolloutReport, context: RunnerContext): RolloutReport {
  report.durationSeconds = (Date.now() - context.startedAt) / 1000
  return report
}
