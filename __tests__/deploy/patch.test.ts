import { jest } from '@jest/globals'
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { patchBody, patchSecretValues, planPatch } from '../../src/deploy/patch.js'
import type { Kubectl } from '../../src/tool-runners/kubectl-cli.js'
import { forgetSecretsForTests } from '../../src/tool-runners/secret-values.js'

describe('patchBody', () => {
  it('turns YAML into JSON', () => {
    expect(patchBody('spec:\n  replicas: 3\n', 'strategic')).toBe('{"spec":{"replicas":3}}')
    expect(patchBody('[{"op": "replace", "path": "/spec/replicas", "value": 2}]', 'json')).toBe(
      '[{"op":"replace","path":"/spec/replicas","value":2}]'
    )
  })
  it('names the input and the line of a syntax error', () => {
    expect(() => patchBody('spec:\n  replicas: [3\n', 'merge')).toThrow(
      /input "patch": line \d: invalid YAML/
    )
  })
  it('refuses YAML tags the parser would drop or change, and alias bombs, with the line', () => {
    expect(() => patchBody('spec:\n  replicas: !foo 3\n', 'merge')).toThrow(
      /input "patch": line 2: unsupported YAML tag !foo/
    )
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefghij'
        .split('')
        .map((key, index) => `${key}: &${key} [${Array(10).fill(`*${'abcdefghij'[index]}`).join(', ')}]`)
    ].join('\n')
    expect(() => patchBody(bomb, 'merge')).toThrow(/input "patch": line \d+: cannot be read: .*aliases/)
  })
  it('checks the shape against the patch type', () => {
    expect(() => patchBody('spec: {}', 'json')).toThrow(/must be a list of operations/)
    expect(() => patchBody('- a', 'strategic')).toThrow(/must be a mapping/)
  })
})

describe('patchSecretValues', () => {
  it('gives every string of a patch of a Secret, or of one touching data or stringData', () => {
    const body = '{"metadata":{"labels":{"tier":"db"}},"stringData":{"password":"hunter2"}}'
    expect(patchSecretValues('secret/db', body, 'merge')).toEqual(['db', 'hunter2'])
    expect(patchSecretValues('secrets.v1/db', '{"type":"Opaque"}', 'strategic')).toEqual(['Opaque'])
    expect(patchSecretValues('mything/x', '{"data":{"k":"djE="}}', 'merge')).toEqual(['djE='])
    expect(patchSecretValues('deployment/web', '{"spec":{"replicas":3,"x":"y"}}', 'strategic')).toEqual([])
  })

  it('gives the values of JSON patch operations, not their paths', () => {
    const ops = '[{"op":"replace","path":"/data/password","value":"aHVudGVyMg=="}]'
    expect(patchSecretValues('deployment/web', ops, 'json')).toEqual(['aHVudGVyMg=='])
    expect(
      patchSecretValues('secret/db', '[{"op":"add","path":"/x","value":{"a":"s3cr3t"}}]', 'json')
    ).toEqual(['s3cr3t'])
    expect(patchSecretValues('deployment/web', '[{"op":"add","path":"/x","value":"y"}]', 'json')).toEqual([])
  })
})

describe('planPatch', () => {
  let log: string
  beforeEach(() => {
    log = ''
    jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      log += String(chunk)
      return true
    })
  })
  afterEach(() => {
    jest.restoreAllMocks()
    forgetSecretsForTests()
  })

  it('masks a Secret patch before any command, and hands the body over in a private file', async () => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'patch-'))
    const calls: { args: string[]; file?: { text: string; mode: number }; maskedBefore: boolean }[] = []
    const record = async (args: string[]): Promise<void> => {
      const flag = args.indexOf('--patch-file')
      const file = flag < 0 ? undefined : args[flag + 1]
      calls.push({
        args,
        file: file
          ? { text: await readFile(file, 'utf8'), mode: (await stat(file)).mode & 0o777 }
          : undefined,
        maskedBefore: log.includes('::add-mask::hunter2-new')
      })
    }
    const live = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', resourceVersion: '1' } }
    const kubectl: Kubectl = {
      run: async args => {
        await record(args)
        return { exitCode: 0, stdout: '', stderr: '' }
      },
      json: async <T>(args: string[]): Promise<T> => {
        await record(args)
        return { ...live, metadata: { ...live.metadata, resourceVersion: String(calls.length) } } as T
      }
    }
    const { phase, preview } = await planPatch(
      kubectl,
      { target: 'secret/db', body: 'stringData: {password: hunter2-new}', type: 'merge' },
      'shop',
      workDir
    )
    await phase.apply()
    // The dry run's answer is the preview; a Secret's values stay out of it.
    expect(preview.map(change => change.action)).toEqual(['unchanged'])
    expect(calls.map(call => call.args.map(arg => (arg.startsWith(workDir) ? '<file>' : arg)))).toEqual([
      ['get', '--namespace', 'shop', '--', 'secret/db'],
      [
        'patch',
        '--namespace',
        'shop',
        '--type',
        'merge',
        '--patch-file',
        '<file>',
        '--dry-run=server',
        '--',
        'secret/db'
      ],
      ['patch', '--namespace', 'shop', '--type', 'merge', '--patch-file', '<file>', '--', 'secret/db']
    ])
    expect(calls.every(call => call.maskedBefore)).toBe(true)
    expect(calls[1].file).toEqual({ text: '{"stringData":{"password":"hunter2-new"}}', mode: 0o600 })
    expect(calls.flatMap(call => call.args).join(' ')).not.toContain('hunter2')
    expect(await readdir(workDir)).toEqual([])
  })
})
