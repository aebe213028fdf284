import * as core from '@actions/core'
import { deploy, runnerContext } from './deploy-step.js'
import { errorMessage } from './support/errors.js'
import { getSettings } from './inputs.js'
import { setOutputs } from './report/outputs.js'
import { writeSummary } from './report/summary.js'

/** The main step: deploy, report, and fail the step when the rollout did not succeed. */
export async function run(): Promise<void> {
  const context = runnerContext()
  try {
    const report = await deploy(getSettings(), context)
    setOutputs(report)
    await writeSummary(report)
    if (report.status !== 'succeeded') {
      core.setFailed(`rollout ${report.status}: ${report.problems[0] ?? 'see the job summary'}`)
    }
  } catch (error) {
    core.setOutput('status', 'failed')
    core.setOutput('duration-seconds', ((Date.now() - context.startedAt) / 1000).toFixed(1))
    core.setFailed(errorMessage(error))
  }
}
