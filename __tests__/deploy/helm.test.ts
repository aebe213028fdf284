import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import type { ClusterClient } from '../../src/cluster/client.js'
import { helmRollback, helmUpgrade, readRelease } from '../../src/deploy/helm.js'
import { parseSetLines } from '../../src/deploy/helm-set-values.js'
import type { Helm } from '../../src/tool-runners/helm-cli.js'

/** helm as the deploy code sees it: records each call, and the values files it was given, as they were. */
function recordingHelm(): Helm & {
  calls: string[][]
  files: Record<string, { text: string; mode: number }>
} {
  const calls: string[][] = []
  const files: Record<string, { text: string; mode: number }> = {}
  return {
    calls,
    files,
    async run(args) {
      calls.push(args)
      for (const arg of args.filter(arg => arg.startsWith('--values=/'))) {
        const file = arg.slice('--values='.length)
        files[file] = { text: await readFile(file, 'utf8'), mode: (await stat(file)).mode & 0o777 }
      }
      return { exitCode: args[0] === 'status' ? 1 : 0, stdout: '', stderr: '' }
    }
  }
}

// An empty release manifest: the change set is read without the API.
const client = {} as ClusterClient
const settings = {
  chart: 'oci://registry.example/charts/web',
  release: 'web',
  chartVersion: '1.2.3',
  values: ['values/common.yaml', 'values/prod.yaml'],
  set: []
}

describe('helmUpgrade', () => {
  it('gives the set values as the last values file, private and removed after, never on the command line', async () => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'helm-'))
    const helm = recordingHelm()
    const { values } = parseSetLines(['image.tag=1.2.3', 'db.password=hunter2\\,x'])
    await helmUpgrade(
      helm,
      client,
      settings,
      { namespace: 'shop', workDir, setValues: values },
      { objects: [] }
    )
    const [upgrade] = helm.calls
    const setFile =
      upgrade.find(arg => arg.startsWith(`--values=${workDir}`))?.slice('--values='.length) ?? ''
    expect(upgrade).toEqual([
      'upgrade',
      '--install',
      '--version=1.2.3',
      '--values=values/common.yaml',
      '--values=values/prod.yaml',
      `--values=${setFile}`,
      '--',
      'web',
      'oci://registry.example/charts/web'
    ])
    expect(helm.files[setFile]).toEqual({
      text: '{"image":{"tag":"1.2.3"},"db":{"password":"hunter2,x"}}',
      mode: 0o600
    })
    expect(helm.calls.flat().join(' ')).not.toContain('hunter2')
    expect(await readdir(workDir)).toEqual([])
  })

  it('writes no values file without set values', async () => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'helm-'))
    const helm = recordingHelm()
    await helmUpgrade(
      helm,
      client,
      { ...settings, chartVersion: undefined, values: [] },
      { namespace: 'shop', workDir, setValues: {} },
      { objects: [] }
    )
    expect(helm.calls[0]).toEqual(['upgrade', '--install', '--', 'web', 'oci://registry.example/charts/web'])
    expect(helm.calls[1]).toEqual(['get', 'manifest', '--', 'web'])
  })
})

describe('release names', () => {
  it('come after -- in status, get and rollback', async () => {
    const helm = recordingHelm()
    expect(await readRelease(helm, client, 'web', 'shop')).toEqual({ objects: [] })
    await helmRollback(helm, 'web', 3)
    expect(helm.calls).toEqual([
      ['status', '--output', 'json', '--', 'web'],
      ['rollback', '--', 'web', '3']
    ])
  })
})
