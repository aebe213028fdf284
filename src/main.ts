import * as core from '@actions/core'
import { deploy, runnerContext } from './deploy-step.js'
import { takeSettings } from './inputs.js'
import { setOutputs } from './report/outputs.js'
import { cancelledMessage, failureMessage, startReport } from './report/rollout-report.js'
import { writeSummary } from './report/summary.js'
import { errorMessage } from './support/errors.js'
import { RunCancellation } from './support/run-cancellation.js'
import { oneLine } from './support/untrusted-text.js'
import { stopRunningCommands } from './tool-runners/run-command.js'

/**
 * The main step: deploy, then report every outcome (outputs and job summary, early errors and a
 * cancelled job included), and fail the step unless the rollout succeeded.
 */
export async function run(): Promise<void> {
  const context = runnerContext()
  const report = startReport()
  const cancellation = new RunCancellation()
  // The children stop at once: what they changed is read back while the run still has time.
  cancellation.signal.addEventListener('abort', () => void stopRunningCommands(), { once: true })
  try {
    await cancellation.within(deploy(takeSettings(), context, report, cancellation.signal))
  } catch (error) {
    report.error = errorMessage(error)
  }
  const cancelled = cancellation.requested
  if (cancelled) {
    // None may keep changing the cluster once the step has reported.
    await stopRunningCommands()
    report.status = 'cancelled'
    report.error = cancelledMessage(report, cancelled)
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
  cancellation.dispose()
}
