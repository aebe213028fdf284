import * as core from '@actions/core'
import { rm } from 'node:fs/promises'
import { State } from './constants.js'
import { errorMessage } from './support/errors.js'

/** The post step: removes the kubeconfig and scratch files the main step wrote. Never fails the job. */
export async function runPost(): Promise<void> {
  const workDir = core.getState(State.WorkDir)
  if (!workDir) return
  try {
    await rm(workDir, { recursive: true, force: true })
    core.info('removed the kubeconfig and scratch files')
  } catch (error) {
    core.warning(`could not remove ${workDir}: ${errorMessage(error)}`)
  }
}
