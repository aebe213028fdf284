import { jest } from '@jest/globals'
import type { PlannedChange } from '../../src/deploy/planned-change.js'
import { objectDiff } from '../../src/deploy/preview/object-diff.js'
import { logPreview } from '../../src/report/preview-log.js'

const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }
const conf = { apiVersion: 'v1', kind: 'ConfigMap', name: 'conf', namespace: 'shop' }

/** Lines the runner would run as workflow commands: those outside a `::stop-commands::` block. */
function commandsSeenByRunner(log: string): string[] {
  const commands: string[] = []
  let stopToken: string | undefined
  for (const line of log.split(/\r\n|\r|\n/)) {
    const trimmed = line.trimStart()
    if (stopToken !== undefined) {
      if (trimmed === `::${stopToken}::`) stopToken = undefined
      continue
    }
    const stop = /^::stop-commands::(.+)$/.exec(trimmed)
    if (stop) stopToken = stop[1]
    else if (trimmed.startsWith('::')) commands.push(trimmed)
  }
  return commands
}

describe('logPreview', () => {
  let log: string
  beforeEach(() => {
    log = ''
    jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      log += String(chunk)
      return true
    })
  })
  afterEach(() => jest.restoreAllMocks())

  const hostile = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf', namespace: 'shop' } }
  const preview = (): PlannedChange[] => [
    { ref: web, action: 'unchanged' },
    {
      ref: conf,
      ...objectDiff(hostile, {
        ...hostile,
        data: { script: 'line one\n::error::deployed\n  ::add-mask::x\n' }
      })
    }
  ]

  it('names each changed object on a line, then the diffs in a collapsed group with commands off', () => {
    logPreview(preview(), true)
    const lines = log.split('\n')
    expect(lines.slice(0, 2)).toEqual([
      'preview: 1 object would change (1 configured, 1 unchanged)',
      '  configmap/conf: configured'
    ])
    expect(lines[2]).toBe('::group::diff of 1 object')
    expect(log).toContain('+    ::error::deployed')
    expect(commandsSeenByRunner(log)).toEqual(['::group::diff of 1 object', '::endgroup::'])
  })

  it('says "to change" when the run goes on to change it', () => {
    logPreview(preview(), false)
    expect(log.split('\n')[0]).toBe('preview: 1 object to change (1 configured, 1 unchanged)')
  })

  it('keeps a large preview short: 50 configured objects named, their diffs within a budget', () => {
    const many = (count: number, action: PlannedChange['action']): PlannedChange[] =>
      Array.from({ length: count }, (_, index) => ({
        ref: { ...web, name: `${action}-${index}` },
        action,
        diff: `@@ -1 +1 @@\n-${'a'.repeat(2000)}\n+${'b'.repeat(2000)}`
      }))
    logPreview([...many(300, 'created'), ...many(100, 'configured')], true)
    const lines = log.split('\n')
    expect(lines.filter(line => /^ {2}deployment\/configured-\d+: configured$/.test(line))).toHaveLength(50)
    expect(log).not.toContain('deployment/created-')
    expect(log).toContain('  (350 more objects: see the job summary)\n')
    expect(log).toMatch(/\(\d+ more diffs left out of the log: see the job summary\)/)
    expect(log.length).toBeLessThan(110_000)
  })

  it('prints only the count for a large set of new objects', () => {
    const created: PlannedChange[] = Array.from({ length: 300 }, (_, index) => ({
      ref: { ...web, name: `web-${index}` },
      action: 'created',
      diff: '@@ -0,0 +1 @@\n+kind: Deployment'
    }))
    logPreview(created, false)
    expect(log.trim().split('\n')).toEqual([
      'preview: 300 objects to change (300 created)',
      '  (300 objects: see the job summary)'
    ])
  })

  it('prints no group when nothing changes', () => {
    logPreview([{ ref: web, action: 'unchanged' }], true)
    expect(log).toBe('preview: 0 objects would change (1 unchanged)\n')
  })
})
