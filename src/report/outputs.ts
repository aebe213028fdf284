import * as core from '@actions/core'
import { Outputs } from '../constants.js'
import { changedOutput, diffOutput } from './diff-output.js'
import { blueGreenOutput, imagesOutput, resourcesOutput, type RolloutReport } from './rollout-report.js'

export function setOutputs(report: RolloutReport): void {
  core.setOutput(Outputs.Status, report.status)
  core.setOutput(Outputs.Resources, resourcesOutput(report.rows))
  core.setOutput(Outputs.Images, imagesOutput(report.rows, report.selector?.images))
  core.setOutput(Outputs.DurationSeconds, report.durationSeconds.toFixed(1))
  core.setOutput(Outputs.Diff, diffOutput(report.preview))
  core.setOutput(Outputs.Changed, changedOutput(report.preview))
  core.setOutput(Outputs.BlueGreen, blueGreenOutput(report))
  core.setOutput(Outputs.Canary, report.canary?.state ?? '')
}
