import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { expandManifestPaths, kustomizeDirectory } from '../../src/manifests/workspace-paths.js'

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`

/**
 * A checkout and what lies around it: a file outside, symlinks out of it (to a file, to a folder), a
 * symlink that stays inside, and a file that is not YAML.
 */
let root: string
let workspace: string
let outside: string
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'workspace-paths-'))
  workspace = path.join(root, 'checkout')
  outside = path.join(root, 'elsewhere')
  await mkdir(path.join(workspace, 'k8s', 'linked'), { recursive: true })
  await mkdir(path.join(workspace, 'overlay'), { recursive: true })
  await mkdir(outside, { recursive: true })
  await writeFile(path.join(outside, 'secret.yaml'), configMap('outside'))
  await writeFile(path.join(workspace, 'k8s', 'app.yaml'), configMap('app'))
  await writeFile(path.join(workspace, 'notes.txt'), 'not yaml')
  await symlink(path.join(outside, 'secret.yaml'), path.join(workspace, 'k8s', 'linked', 'out.yaml'))
  await symlink(outside, path.join(workspace, 'elsewhere-dir'))
  await symlink(path.join(workspace, 'k8s', 'app.yaml'), path.join(workspace, 'same.yaml'))
  await symlink(path.join(workspace, 'notes.txt'), path.join(workspace, 'notes.yaml'))
})

/** The default: everything must stay inside the checkout. */
const inWorkspace = () => ({ workspace, allowOutside: false })

describe('expandManifestPaths inside the workspace', () => {
  it.each([
    [
      '../elsewhere/secret.yaml',
      /input "manifests": "\.\.\/elsewhere\/secret\.yaml" resolves to .*elsewhere\/secret\.yaml, outside the workspace .*allow-outside-workspace: true/
    ],
    ['ABSOLUTE', /input "manifests": ".*secret\.yaml" resolves to .*, outside the workspace/],
    [
      'ABSOLUTE_GLOB',
      /input "manifests": ".*\*\.yaml" \(.*secret\.yaml\) resolves to .*, outside the workspace/
    ],
    [
      'k8s/linked/out.yaml',
      /input "manifests": "k8s\/linked\/out\.yaml" resolves to .*elsewhere\/secret\.yaml, outside/
    ],
    ['k8s', /input "manifests": "k8s" \(.*out\.yaml\) resolves to .*elsewhere\/secret\.yaml, outside/],
    [
      'elsewhere-dir',
      /input "manifests": "elsewhere-dir" \(.*\) resolves to .*elsewhere\/secret\.yaml, outside/
    ],
    ['elsewhere-dir/*.yaml', /input "manifests": "elsewhere-dir\/\*\.yaml" .*outside the workspace/],
    ['notes.txt', /input "manifests": "notes\.txt" is not a \.yaml, \.yml or \.json file/],
    [
      'notes.yaml',
      /input "manifests": "notes\.yaml": .* links to .*notes\.txt, not a \.yaml, \.yml or \.json file/
    ]
  ])('refuses %p', async (pattern, message) => {
    const given =
      pattern === 'ABSOLUTE'
        ? path.join(outside, 'secret.yaml')
        : pattern === 'ABSOLUTE_GLOB'
          ? path.join(outside, '*.yaml')
          : pattern
    await expect(expandManifestPaths([given], inWorkspace())).rejects.toThrow(message)
  })

  it('takes paths that stay inside, a symlink within the workspace by its real path', async () => {
    const files = await expandManifestPaths(
      ['k8s/app.yaml', 'same.yaml', './k8s/../k8s/*.yaml'],
      inWorkspace()
    )
    expect(files.map(file => path.relative(workspace, file))).toEqual([path.join('k8s', 'app.yaml')])
  })

  it('takes anything with allow-outside-workspace: true', async () => {
    const files = await expandManifestPaths(['k8s', '../elsewhere/secret.yaml'], {
      workspace,
      allowOutside: true
    })
    expect(files.map(file => path.relative(root, file))).toEqual([
      path.join('checkout', 'k8s', 'app.yaml'),
      path.join('elsewhere', 'secret.yaml')
    ])
  })
})

describe('kustomizeDirectory', () => {
  it('resolves a directory inside the workspace', async () => {
    expect(await kustomizeDirectory('overlay', inWorkspace())).toBe(path.join(workspace, 'overlay'))
  })

  it.each([
    ['../elsewhere', /input "kustomize": "\.\.\/elsewhere" resolves to .*, outside the workspace/],
    ['elsewhere-dir', /input "kustomize": "elsewhere-dir" resolves to .*elsewhere, outside the workspace/],
    ['k8s/app.yaml', /input "kustomize": "k8s\/app\.yaml" is not a directory/]
  ])('refuses %p', async (directory, message) => {
    await expect(kustomizeDirectory(directory, inWorkspace())).rejects.toThrow(message)
  })
})
