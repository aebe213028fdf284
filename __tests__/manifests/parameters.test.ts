import { jest } from '@jest/globals'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { patchBody } from '../../src/deploy/patch.js'
import type { Settings } from '../../src/inputs.js'
import { parseManifests } from '../../src/manifests/load.js'
import { ParameterSubstitution, parseParameters, type Parameters } from '../../src/manifests/parameters.js'
import { planManifests } from '../../src/manifests/plan.js'
import type { Kubectl } from '../../src/tool-runners/kubectl-cli.js'

/** Parses manifests the way a run does, with the parameters replaced as each document is read. */
function read(text: string, parameters: Record<string, string>, source = 'app.yaml') {
  const substitution = new ParameterSubstitution(new Map(Object.entries(parameters)))
  const objects = parseManifests(text, source, (document, at) =>
    substitution.substituteDocument(document, at)
  )
  return { objects: objects.map(entry => entry.object), substitution }
}

const configMap = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-\${parameters.env}
data:
${data}`

describe('parseParameters', () => {
  it('reads key=value lines, skipping blank lines and comments', () => {
    const parameters = parseParameters('# the stage\nenv=prod\n\n  tag = 1.2.3  \nquery=a=b&c=d\nempty=\n')
    expect([...parameters]).toEqual([
      ['env', 'prod'],
      ['tag', '1.2.3'],
      ['query', 'a=b&c=d'],
      ['empty', '']
    ])
  })

  it.each([
    ['env=prod\njust text', /input "parameters": line 2: is not key=value/],
    ['env=prod\n\nenv=dev', /input "parameters": line 3: "env" is declared twice/],
    ['my key=1', /input "parameters": line 1: the name before "=" is not a parameter name/],
    ['=1', /input "parameters": line 1: the name before "=" is not a parameter name/],
    ['${x}=1', /line 1: the name before "=" is not a parameter name/]
  ])('refuses %p naming the input and the line', (text, message) => {
    expect(() => parseParameters(text)).toThrow(message)
  })

  it('never quotes a line back: a value written where the name goes may be a secret', () => {
    for (const text of ['token: s3cr3t-value=1', 's3cr3t-value']) {
      const message = (() => {
        try {
          parseParameters(text)
          return 'no error'
        } catch (error) {
          return (error as Error).message
        }
      })()
      expect(message).toMatch(/^input "parameters": line 1: /)
      expect(message).not.toContain('s3cr3t')
    }
  })

  it('keeps names that would be special on a plain object as ordinary keys', () => {
    const parameters = parseParameters('__proto__=x\nconstructor=y')
    expect(parameters.get('__proto__')).toBe('x')
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })
})

describe('substitution in manifests', () => {
  it('replaces references in string values, names included, before the checks', () => {
    const { objects } = read(
      configMap(
        '  url: https://${parameters.env}.example.com/${parameters.env}\n  tag: "${parameters.tag}"\n'
      ),
      { env: 'prod', tag: '1.2.3' }
    )
    expect(objects[0].metadata.name).toBe('web-prod')
    expect(objects[0].data).toEqual({ url: 'https://prod.example.com/prod', tag: '1.2.3' })
  })

  it('gives strings, never numbers or booleans', () => {
    const { objects } = read(configMap('  replicas: ${parameters.n}\n  debug: ${parameters.on}\n'), {
      env: 'a',
      n: '3',
      on: 'true'
    })
    expect(objects[0].data).toEqual({ replicas: '3', debug: 'true' })
  })

  it.each([
    ['a: b', 'a: b'],
    ['"', '"'],
    ["it's", "it's"],
    ['x # not a comment', 'x # not a comment'],
    ['\n- x', '\n- x'],
    ['a\n---\nkind: Secret', 'a\n---\nkind: Secret'],
    ['{b: [c]}', '{b: [c]}'],
    ['*alias', '*alias'],
    ['${parameters.other}', '${parameters.other}']
  ])('keeps the hostile value %p one string: no structure, no second expansion', (value, expected) => {
    const { objects, substitution } = read(
      configMap('  plain: ${parameters.v}\n  quoted: "${parameters.v}"\n'),
      {
        env: 'a',
        v: value,
        other: 'NOT EXPANDED'
      }
    )
    expect(objects).toHaveLength(1)
    expect(objects[0].data).toEqual({ plain: expected, quoted: expected })
    expect(substitution.unused()).toEqual(['other'])
  })

  it('replaces inside block scalars, pointing at the line of each reference', () => {
    const text = configMap(
      '  app.conf: |\n    listen 80\n    server ${parameters.host}\n    stage ${parameters.nope}\n'
    )
    expect(() => read(text, { env: 'a', host: 'h' })).toThrow(
      /^app.yaml:9: parameter "nope" is not declared in the `parameters` input$/
    )
  })

  it('names the file and line of an undeclared reference', () => {
    expect(() =>
      read(configMap('  a: ok\n  b: x-${parameters.missing}\n'), { env: 'a' }, 'k8s/app.yaml')
    ).toThrow(/^k8s\/app.yaml:7: parameter "missing" is not declared/)
  })

  it('refuses a reference that is not a parameter name', () => {
    expect(() => read(configMap('  a: ${parameters.a b}\n'), { env: 'x' })).toThrow(
      /app.yaml:6: "\$\{parameters.a b\}" is not a parameter reference/
    )
  })

  it('leaves $${parameters.key} as the text ${parameters.key}, used by no one', () => {
    const { objects, substitution } = read(configMap('  doc: "use $${parameters.env} to name it"\n'), {
      env: 'prod'
    })
    expect(objects[0].data).toEqual({ doc: 'use ${parameters.env} to name it' })
    expect(substitution.used().map(use => [use.name, use.line])).toEqual([['env', 4]])
  })

  it('replaces in values only: a reference in a key is an error with its line', () => {
    expect(() => read(configMap('  ${parameters.env}.conf: x\n'), { env: 'a' })).toThrow(
      /^app.yaml:6: parameters are replaced in values only, not in keys$/
    )
  })

  it('counts what every document of every file used', () => {
    const substitution = new ParameterSubstitution(
      new Map([
        ['env', 'a'],
        ['tag', 't'],
        ['typo', 'x']
      ])
    )
    const transform = substitution.substituteDocument.bind(substitution)
    parseManifests(configMap('  a: ${parameters.tag}\n'), 'one.yaml', transform)
    parseManifests(`${configMap('  b: c\n')}---\n${configMap('  c: d\n')}`, 'two.yaml', transform)
    expect(substitution.used().map(use => `${use.name}@${use.source}:${use.line}`)).toEqual([
      'env@one.yaml:4',
      'tag@one.yaml:6',
      'env@two.yaml:4',
      'env@two.yaml:11'
    ])
    expect(substitution.unused()).toEqual(['typo'])
  })
})

describe('substitution in the patch body', () => {
  const parameters: Parameters = new Map([
    ['n', '3'],
    ['image', 'ghcr.io/acme/web:1.2.3']
  ])
  it('replaces references in its string values', () => {
    const substitution = new ParameterSubstitution(parameters)
    expect(
      patchBody('metadata:\n  labels:\n    replicas: ${parameters.n}\n', 'strategic', substitution)
    ).toBe('{"metadata":{"labels":{"replicas":"3"}}}')
    expect(substitution.unused()).toEqual(['image'])
  })
  it('names the input and line of an undeclared reference', () => {
    expect(() =>
      patchBody(
        'spec:\n  template:\n    x: ${parameters.nope}\n',
        'merge',
        new ParameterSubstitution(parameters)
      )
    ).toThrow(/^input "patch": line 3: parameter "nope" is not declared/)
  })
})

describe('planManifests with parameters', () => {
  const settings = (
    parameters: Record<string, string>,
    manifests = ['app.yaml'],
    kustomize?: string
  ): Settings['apply'] => ({
    manifests,
    kustomize,
    images: [],
    allowOutsideWorkspace: false,
    serverSide: true,
    forceConflicts: false,
    parameters: new Map(Object.entries(parameters)),
    provenance: { annotate: false }
  })
  let workspace: string
  let log: string[]
  beforeAll(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'parameters-'))
    await writeFile(path.join(workspace, 'app.yaml'), configMap('  secret-ish: ${parameters.password}\n'))
  })
  beforeEach(() => {
    log = []
    jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      log.push(String(chunk))
      return true
    })
  })
  afterEach(() => jest.restoreAllMocks())

  it('logs where each parameter went, never its value, and warns about one nothing used', async () => {
    const [entry] = await planManifests(
      settings({ env: 'prod', password: 'hunter2-value', unused: 'x' }),
      {} as Kubectl,
      workspace
    )
    expect(entry.object.data).toEqual({ 'secret-ish': 'hunter2-value' })
    const text = log.join('')
    expect(text).toContain('parameter env replaced at app.yaml:4')
    expect(text).toContain('parameter password replaced at app.yaml:6')
    expect(text).toContain(
      '::warning::parameters: "unused" is declared but no manifest uses ${parameters.unused}'
    )
    expect(text).not.toContain('hunter2-value')
  })

  it('fails on an undeclared parameter with the file and line, before anything else', async () => {
    await expect(planManifests(settings({ env: 'prod' }), {} as Kubectl, workspace)).rejects.toThrow(
      /^app.yaml:6: parameter "password" is not declared in the `parameters` input$/
    )
  })

  it('replaces parameters in the output of kustomize, pointing at its line', async () => {
    await mkdir(path.join(workspace, 'overlay'), { recursive: true })
    const rendered = configMap('  a: ${parameters.env}\n  b: ${parameters.nope}\n')
    const kubectl = {
      run: (args: string[]) =>
        Promise.resolve({ stdout: args[0] === 'kustomize' ? rendered : '', stderr: '', exitCode: 0 })
    } as unknown as Kubectl
    await expect(planManifests(settings({ env: 'prod' }, [], 'overlay'), kubectl, workspace)).rejects.toThrow(
      /^kustomize overlay:7: parameter "nope" is not declared/
    )
    const [entry] = await planManifests(
      settings({ env: 'prod', nope: 'yes' }, [], 'overlay'),
      kubectl,
      workspace
    )
    expect(entry.object.metadata.name).toBe('web-prod')
    expect(entry.object.data).toEqual({ a: 'prod', b: 'yes' })
  })
})
