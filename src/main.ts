import * as core from '@actions/core'
import { deploy, runnerContext } from './deploy-step.js'
import { takeSettings } from './inputs.js'
import { setOutputs } from './report/outputs.js'
import { failureMessage, startReport } from './report/rollout-report.js'
import { writeSummary } from './report/summary.js'
import { errorMessage } from './support/errors.js'
import { oneLine } from './support/untrusted-text.js'

/**
 * The main step: deploy, then report every outcome (outputs and job summary, early errors included),
 * and fail the step unless the rollout succeeded.
 */
export async function run(): Promise<void> {
  const context = runnerContext()
  const report = startReport()
  try {
    await deploy(takeSettings(), context, report)
  } catch (error) {
    report.error = errorMessage(error)
  }
  report.durationSeconds = (Date.now() - context.startedAt) / 1000
  setOutputs(report)
  // The verdict matters more than its summary: a summary that cannot be written only warns.
  await writeSummary(report).catch((error: unknown) =>
    core.warning(`the job summary could not be written: ${errorMessage(error)}`)
  )
  const failure = failureMessage(report)
  // The message may quote the cluster (a server's refusal, a pod's reason): one line, no controls.
  if (failure) core.setFailed(oneLine(failure))
}
