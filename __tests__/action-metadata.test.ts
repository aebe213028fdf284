import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { parse } from 'yaml'
import { Inputs, MAX_TIMEOUT, Outputs } from '../src/constants.js'
import {
  DEFAULT_HELM_MIRROR,
  DEFAULT_HELM_VERSION,
  DEFAULT_KUBECTL_MIRROR,
  DEFAULT_KUBECTL_VERSION
} from '../src/tool-installers/versions.js'

/** action.yml is the public contract: it must parse, and agree with what the code reads and writes. */
describe('action.yml', () => {
  const action = parse(readFileSync(path.join(import.meta.dirname, '..', 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string; description: string }>
    outputs: Record<string, unknown>
    runs: { using: string; main: string; post: string }
  }

  it('declares every input the code reads, and no other', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort())
  })
  it('declares every output the code writes', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort())
  })
  it('has the same pinned defaults as the code', () => {
    expect(action.inputs['kubectl-version'].default).toBe(DEFAULT_KUBECTL_VERSION)
    expect(action.inputs['helm-version'].default).toBe(DEFAULT_HELM_VERSION)
    expect(action.inputs['kubectl-mirror'].default).toBe(DEFAULT_KUBECTL_MIRROR)
    expect(action.inputs['helm-mirror'].default).toBe(DEFAULT_HELM_MIRROR)
    expect(action.inputs['allow-insecure-mirror'].default).toBe('false')
    expect(action.inputs['kubectl-sha256'].default).toBeUndefined()
    expect(action.inputs['helm-sha256'].default).toBeUndefined()
  })
  it('documents the longest timeout the code accepts', () => {
    expect(action.inputs.timeout.description).toContain(`at most \`${MAX_TIMEOUT}\``)
  })
  it('runs the bundled entries on node24 with a post step', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post.js' })
  })
  it('is developed and tested on the Node it runs on', () => {
    const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
      engines: { node: string }
      devDependencies: Record<string, string>
    }
    const major = action.runs.using.replace('node', '')
    expect(pkg.engines.node).toBe(`>=${major}`)
    // The `node` devDependency is what every npm script runs on; the types describe the same Node.
    expect(pkg.devDependencies.node).toMatch(new RegExp(`^\\^${major}\\.`))
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${major}\\.`))
  })
})
