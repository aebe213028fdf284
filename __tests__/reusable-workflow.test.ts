import { readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { parse } from 'yaml'

/**
 * The reusable workflow (.github/workflows/deploy.yml) forwards every input of the action and returns
 * every output, with the same descriptions and defaults: an input added to action.yml and not to the
 * workflow fails here, so the two cannot drift apart.
 */
interface ActionInput {
  description: string
  default?: string
}
interface WorkflowInput {
  description?: string
  type: 'string' | 'boolean' | 'number'
  default?: string | boolean | number
  required?: boolean
}
interface Step {
  id?: string
  uses?: string
  with?: Record<string, string>
}

const root = path.join(import.meta.dirname, '..')
const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, ActionInput>
  outputs: Record<string, { description: string }>
}
const workflow = parse(readFileSync(path.join(root, '.github/workflows/deploy.yml'), 'utf8')) as {
  on: {
    workflow_call: {
      inputs: Record<string, WorkflowInput>
      secrets: Record<string, { description?: string; required?: boolean }>
      outputs: Record<string, { description?: string; value: string }>
    }
  }
  jobs: { deploy: { outputs: Record<string, string>; steps: Step[] } }
}
const call = workflow.on.workflow_call
const job = workflow.jobs.deploy
const actionStep = job.steps.find(step => step.id === 'deploy')

/** Credentials: secrets of the workflow, so that GitHub masks them and they never show as inputs. */
const SECRET_INPUTS = ['kubeconfig', 'token', 'certificate-authority']

/** Inputs of the workflow that are not the action's, each for a reason. */
const WORKFLOW_ONLY_INPUTS: Record<string, string> = {
  'environment-url': "the URL of the GitHub environment's deployment",
  ref: 'the commit the checkout step takes the manifests from',
  'runs-on': 'the runner of the deploy job'
}

/** Inputs whose workflow description says more than the action's, each for a reason. */
const DESCRIBED_APART: Record<string, string> = {
  environment: 'it also names the GitHub environment the job runs in (its protection rules and secrets)'
}

const oneLine = (text: string | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim()

describe('the reusable workflow', () => {
  it('calls the action in one step, the one whose outputs it returns', () => {
    expect(actionStep?.uses).toBe('kube-deploy/kube-deploy@v1')
  })

  it.each(Object.keys(action.inputs))('takes the action input %p and passes it on', name => {
    const secret = SECRET_INPUTS.includes(name)
    expect(secret ? call.secrets : call.inputs).toHaveProperty([name])
    expect(secret ? call.inputs : call.secrets).not.toHaveProperty([name])
    expect(actionStep?.with?.[name]).toBe(`\${{ ${secret ? 'secrets' : 'inputs'}.${name} }}`)
  })

  it('passes the action nothing else, and takes no input it does not pass on (but its own)', () => {
    expect(Object.keys(actionStep?.with ?? {}).sort()).toEqual(Object.keys(action.inputs).sort())
    const extra = [...Object.keys(call.inputs), ...Object.keys(call.secrets)].filter(
      name => !(name in action.inputs)
    )
    expect(extra.sort()).toEqual(Object.keys(WORKFLOW_ONLY_INPUTS).sort())
  })

  it.each(Object.keys(action.inputs))('describes %p as the action does', name => {
    const described = (call.inputs[name] ?? call.secrets[name]).description
    if (name in DESCRIBED_APART) expect(oneLine(described)).not.toBe('')
    else expect(oneLine(described)).toBe(oneLine(action.inputs[name].description))
  })

  it.each(Object.keys(action.inputs).filter(name => !SECRET_INPUTS.includes(name)))(
    'has the same default for %p, and a boolean where the action takes one',
    name => {
      const { default: fallback } = action.inputs[name]
      const input = call.inputs[name]
      if (fallback === 'true' || fallback === 'false') {
        expect(input.type).toBe('boolean')
        expect(input.default).toBe(fallback === 'true')
      } else if (input.required) {
        // Nothing to default: the caller must say it (the environment).
        expect(input.default).toBeUndefined()
      } else {
        expect(input.type).toBe('string')
        // The action reads '' as not given; any other default must be the action's own.
        expect(input.default).toBe(fallback ?? '')
      }
    }
  )

  it.each(Object.keys(action.outputs))('returns the action output %p, described as the action does', name => {
    expect(job.outputs[name]).toBe(`\${{ steps.deploy.outputs.${name} }}`)
    expect(call.outputs[name]?.value).toBe(`\${{ jobs.deploy.outputs.${name} }}`)
    expect(oneLine(call.outputs[name]?.description)).toBe(oneLine(action.outputs[name].description))
  })

  it('returns no output the action does not have', () => {
    expect(Object.keys(call.outputs).sort()).toEqual(Object.keys(action.outputs).sort())
    expect(Object.keys(job.outputs).sort()).toEqual(Object.keys(action.outputs).sort())
  })
})

/** A job that calls the reusable workflow. */
interface ExampleCall {
  uses?: string
  with?: Record<string, unknown>
  secrets?: Record<string, unknown> | 'inherit'
}

/** Every job of the example workflows that calls the reusable workflow, by `file: job`. */
function exampleCalls(): [string, ExampleCall][] {
  const folder = path.join(root, 'examples/workflows')
  return readdirSync(folder)
    .filter(file => file.endsWith('.yml'))
    .flatMap(file => {
      const example = parse(readFileSync(path.join(folder, file), 'utf8')) as {
        jobs: Record<string, ExampleCall>
      }
      return Object.entries(example.jobs)
        .filter(([, exampleJob]) => exampleJob.uses?.includes('/.github/workflows/deploy.yml@'))
        .map(([name, exampleJob]): [string, ExampleCall] => [`${file}: ${name}`, exampleJob])
    })
}

describe('the example workflows', () => {
  const calls = exampleCalls()

  it('call the reusable workflow', () => {
    expect(calls.length).toBeGreaterThan(3)
  })

  it.each(calls)(
    '%s passes only inputs and secrets the reusable workflow declares, and the required ones',
    (_name, caller) => {
      for (const input of Object.keys(caller.with ?? {})) expect(Object.keys(call.inputs)).toContain(input)
      if (caller.secrets !== 'inherit')
        for (const secret of Object.keys(caller.secrets ?? {}))
          expect(Object.keys(call.secrets)).toContain(secret)
      const required = Object.entries(call.inputs).filter(([, input]) => input.required)
      for (const [input] of required) expect(Object.keys(caller.with ?? {})).toContain(input)
    }
  )
})
