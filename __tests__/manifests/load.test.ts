import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { parseManifests, readManifestFiles } from '../../src/manifests/load.js'
import { expandManifestPaths } from '../../src/manifests/workspace-paths.js'

const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec: {}\n`

describe('parseManifests', () => {
  it('reads every document with its line and expands Lists', () => {
    const text = `# app\n${deployment('web')}---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n---\n`
    const objects = parseManifests(text, 'app.yaml')
    expect(objects.map(entry => [entry.object.metadata.name, entry.line])).toEqual([
      ['web', 2],
      ['a', 11],
      ['b', 14]
    ])
  })

  it.each([
    ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {x: [}\n', /app.yaml:5: invalid YAML/],
    ['kind: ConfigMap\nmetadata: {name: a}\n', /app.yaml:1: missing apiVersion/],
    [`${deployment('ok')}---\napiVersion: v1\nmetadata: {name: a}\n`, /app.yaml:7: missing kind/],
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: a-}\n',
      /app.yaml:1: ConfigMap has no metadata.name \(generateName/
    ],
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n',
      /ConfigMap name "Bad_Name" is not a valid name/
    ],
    ['- a\n- b\n', /must be a mapping/],
    [
      'apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: {name: a}\n',
      /app.yaml:3: invalid YAML: Map keys must be unique/
    ]
  ])('rejects %p with the file and line', (text, message) => {
    expect(() => parseManifests(text, 'app.yaml')).toThrow(message)
  })

  it('reads JSON manifests', () => {
    expect(
      parseManifests('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j"}}', 'a.json')[0].object
        .metadata.name
    ).toBe('j')
  })
})

describe('parseManifests refuses what would not be applied as written', () => {
  const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n'
  const bomb = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: lol}',
    'data:',
    '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    '  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    '  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    '  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    '  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    '  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    '  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    ''
  ].join('\n')

  it.each([
    [`${configMap}data:\n  x: !foo bar\n`, /^app.yaml:5: unsupported YAML tag !foo/],
    [`${configMap}data:\n  x: !!binary aGVsbG8=\n`, /^app.yaml:5: unsupported YAML tag !!binary/],
    [`${configMap}data:\n  x: !!timestamp 2001-12-14\n`, /^app.yaml:5: unsupported YAML tag !!timestamp/],
    [`${configMap}data: !!set {a}\n`, /^app.yaml:4: unsupported YAML tag !!set/],
    [`---\n${configMap}---\n!Secret\napiVersion: v1\n`, /^app.yaml:7: unsupported YAML tag !Secret/],
    [bomb, /^app.yaml:6: cannot be read: Excessive alias count .* \(more than 100 aliases expanded\)/]
  ])('rejects %p with the file and line', (text, message) => {
    expect(() => parseManifests(text, 'app.yaml')).toThrow(message)
  })

  it('takes the tags that mean plain JSON values, and a few aliases', () => {
    const [entry] = parseManifests(
      `${configMap}data:\n  a: !!str 1\n  b: &b !!str x\n  c: *b\n  d: ! plain\n`,
      'app.yaml'
    )
    expect(entry.object.data).toEqual({ a: '1', b: 'x', c: 'x', d: 'plain' })
  })
})

describe('manifest files', () => {
  it('refuses bytes that are not UTF-8, naming the file and line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'manifests-'))
    const file = path.join(dir, 'latin1.yaml')
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: caf'),
        Buffer.from([0xe9, 0x7d, 0x0a])
      ])
    )
    await expect(readManifestFiles([file], dir)).rejects.toThrow(
      /^latin1.yaml:4: is not valid UTF-8 \(byte 0xe9/
    )
  })
})

describe('manifest paths', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'manifests-'))
    await mkdir(path.join(dir, 'k8s', 'nested'), { recursive: true })
    await writeFile(path.join(dir, 'k8s', 'b.yaml'), deployment('b'))
    await writeFile(path.join(dir, 'k8s', 'a.yml'), deployment('a'))
    await writeFile(path.join(dir, 'k8s', 'README.md'), '# not a manifest')
    await writeFile(
      path.join(dir, 'k8s', 'nested', 'c.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })
    )
    await writeFile(path.join(dir, 'dup.yaml'), deployment('a'))
  })

  it('expands directories recursively in name order, globs and files, without duplicates', async () => {
    const files = await expandManifestPaths(['k8s', 'k8s/*.yaml', 'dup.yaml'], {
      workspace: dir,
      allowOutside: false
    })
    expect(files.map(file => path.relative(dir, file))).toEqual([
      'k8s/a.yml',
      'k8s/b.yaml',
      'k8s/nested/c.json',
      'dup.yaml'
    ])
  })

  it('fails on a path or pattern that matches nothing, naming the input', async () => {
    await expect(
      expandManifestPaths(['missing.yaml'], { workspace: dir, allowOutside: false })
    ).rejects.toThrow('input "manifests": "missing.yaml" does not exist')
    await expect(expandManifestPaths(['k8s/*.txt'], { workspace: dir, allowOutside: false })).rejects.toThrow(
      /"k8s\/\*.txt" matches no YAML or JSON file/
    )
  })

  it('refuses the same object defined twice, naming both places', async () => {
    const files = await expandManifestPaths(['k8s/a.yml', 'dup.yaml'], {
      workspace: dir,
      allowOutside: false
    })
    await expect(readManifestFiles(files, dir)).rejects.toThrow(
      'dup.yaml:1: Deployment "a" is also defined at k8s/a.yml:1'
    )
  })
})
