import { mkdirSync, symlinkSync } from 'node:fs'
import * as path from 'node:path'
import { configMapYaml, type CaseContext, type HostileCase } from '../hostile-case.js'
import { outsideFolder } from '../hostile-fixtures.js'

/**
 * Manifests: paths. Guards: only files of the workspace are read (unless `allow-outside-workspace:
 * true`), whichever way a path leaves it (`..`, an absolute path, a glob, a symlinked file or
 * folder, /proc); a file named explicitly is a manifest (.yaml, .yml, .json), not any file; the same
 * holds for `kustomize`.
 */
export const manifestPathCases: HostileCase[] = [
  {
    name: 'manifests: /etc/passwd',
    inputs: () => ({ manifests: '/etc/passwd' }),
    error: /input "manifests"/
  },
  {
    name: "manifests: /proc/self/environ (the step's own environment)",
    inputs: () => ({ manifests: '/proc/self/environ' }),
    error: /input "manifests"/
  },
  {
    name: 'manifests: a relative path that climbs out of the workspace',
    outsideFiles: outsideFolder,
    inputs: c => ({ manifests: `../outside/case-${c.index}/configmap.yaml` }),
    error: /input "manifests"/
  },
  {
    name: 'manifests: an absolute path outside the workspace',
    outsideFiles: outsideFolder,
    inputs: c => ({ manifests: path.join(c.outside, `case-${c.index}`, 'configmap.yaml') }),
    error: /input "manifests"/
  },
  {
    name: 'manifests: a glob that climbs out of the workspace',
    outsideFiles: outsideFolder,
    inputs: c => ({ manifests: `../outside/case-${c.index}/config*.yaml` }),
    error: /input "manifests"/
  },
  {
    name: 'manifests: a symlink in the workspace to a file outside it',
    outsideFiles: outsideFolder,
    arrange: c =>
      link(c, path.join(c.outside, `case-${c.index}`, 'configmap.yaml'), `links/file-${c.index}.yaml`),
    inputs: c => ({ manifests: `links/file-${c.index}.yaml` }),
    error: /input "manifests"/
  },
  {
    name: 'manifests: a symlinked folder in the workspace that points outside it',
    outsideFiles: outsideFolder,
    arrange: c => link(c, path.join(c.outside, `case-${c.index}`), `links/folder-${c.index}`),
    inputs: c => ({ manifests: `links/folder-${c.index}` }),
    error: /input "manifests"/
  },
  {
    name: 'manifests: an explicit file that is not .yaml, .yml or .json',
    files: c => ({ [`not-yaml/case-${c.index}.txt`]: configMapYaml(`txt-case-${c.index}`) }),
    inputs: c => ({ manifests: `not-yaml/case-${c.index}.txt` }),
    error: /input "manifests"/
  },
  {
    name: 'allow-outside-workspace that is not a boolean',
    inputs: () => ({ 'allow-outside-workspace': 'sure' }),
    error: /input "allow-outside-workspace"/
  },
  {
    name: 'kustomize: a folder outside the workspace',
    outsideFiles: outsideFolder,
    inputs: c => ({ manifests: '', kustomize: `../outside/case-${c.index}` }),
    error: /input "kustomize"/
  }
]

/**
 * Manifests: YAML. Guards: the parser reads YAML 1.2 and strict UTF-8 only, with no tag it does not
 * know and no alias bomb; every object is checked before anything is sent; each error names the file
 * and the line.
 */
export const manifestYamlCases: HostileCase[] = [
  yamlCase(
    'YAML that does not parse (an unterminated quote)',
    'syntax',
    configMapYaml('syntax').replace('"value"', '"value')
  ),
  yamlCase(
    'an unknown YAML tag',
    'tags',
    configMapYaml('tagged').replace('"value"', '!vault secret/data/db#password')
  ),
  yamlCase('an alias bomb (billion laughs)', 'aliases', aliasBomb()),
  yamlCase(
    'a byte that is not UTF-8 in a value',
    'latin1',
    Buffer.concat([
      Buffer.from(configMapYaml('latin1').replace('"value"\n', '"caf')),
      Buffer.from([0xe9, 0x22, 0x0a])
    ])
  ),
  yamlCase(
    'a byte that is not UTF-8 in a comment',
    'comment',
    Buffer.concat([
      Buffer.from('# r'),
      Buffer.from([0xe9]),
      Buffer.from('sum\n'),
      Buffer.from(configMapYaml('comment'))
    ])
  ),
  yamlCase('a key given twice', 'dupkey', configMapYaml('dupkey').replace('  key:', '  key: "a"\n  key:')),
  yamlCase('a document that is a list', 'list', '- apiVersion: v1\n- kind: ConfigMap\n'),
  yamlCase('an object without kind', 'nokind', 'apiVersion: v1\nmetadata:\n  name: nokind\n'),
  yamlCase('an object whose name is not a Kubernetes name', 'badname', configMapYaml('Web_App')),
  yamlCase(
    'a JSON manifest cut short',
    'cut',
    '{"apiVersion": "v1", "kind": "ConfigMap",\n "metadata": {"name": "cut"\n',
    'json'
  ),
  {
    name: 'the same object in two files',
    files: c => ({
      [`yaml/twice-a-${c.index}.yaml`]: configMapYaml(`twice-${c.index}`),
      [`yaml/twice-b-${c.index}.yaml`]: configMapYaml(`twice-${c.index}`)
    }),
    inputs: c => ({ manifests: `yaml/twice-a-${c.index}.yaml\nyaml/twice-b-${c.index}.yaml` }),
    error: /twice-b-\d+\.yaml:1\b/
  }
]

/** A case whose one manifest file is the hostile part; the error must name it and a line. */
function yamlCase(name: string, file: string, content: string | Buffer, extension = 'yaml'): HostileCase {
  const relative = (c: CaseContext): string => `yaml/${file}-${c.index}.${extension}`
  return {
    name,
    files: c => ({ [relative(c)]: content }),
    inputs: c => ({ manifests: relative(c) }),
    error: new RegExp(`${file}-\\d+\\.${extension}:\\d+`)
  }
}

/** Nine levels of nine aliases each: 387 million strings once expanded, a few hundred bytes as YAML. */
function aliasBomb(): string {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  for (let level = 1; level < 9; level++) {
    const name = String.fromCharCode(97 + level)
    const previous = `*${String.fromCharCode(96 + level)}`
    levels.push(`${name}: &${name} [${Array(9).fill(previous).join(',')}]`)
  }
  return `${configMapYaml('aliases').replace('  key: "value"\n', '')}${levels.map(line => `  ${line}`).join('\n')}\n`
}

function link(c: CaseContext, target: string, name: string): void {
  const file = path.join(c.workspace, name)
  mkdirSync(path.dirname(file), { recursive: true })
  symlinkSync(target, file)
}

/**
 * Manifests: content. Guards: objects that cannot be checked until something else exists (the objects
 * of a namespace the set creates, the custom resources of a CRD it creates) are still checked before
 * anything changes, so a bad one leaves neither the namespace nor the CRD behind; a Secret the server
 * refuses is reported without its data; `images` holds image references only.
 */
export const manifestContentCases: HostileCase[] = [
  {
    name: 'a new namespace whose Deployment the server would refuse',
    files: c => ({
      [`content/new-namespace-${c.index}.yaml`]: [
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        `  name: ${c.marker}-fresh-${c.index}`,
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        `  namespace: ${c.marker}-fresh-${c.index}`,
        'spec:',
        '  replicas: -1',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec:',
        '      containers: [{name: web, image: ghcr.io/kube-deploy/example-web:1.0.0}]',
        ''
      ].join('\n')
    }),
    inputs: c => ({ manifests: `content/new-namespace-${c.index}.yaml` }),
    error: /new-namespace-\d+\.yaml:\d+/
  },
  {
    name: 'a new CRD whose custom resource breaks its schema',
    files: c => ({
      [`content/crd-${c.index}.yaml`]: crdWithBadResource(`${c.marker}${c.index}.example.com`)
    }),
    inputs: c => ({ manifests: `content/crd-${c.index}.yaml` }),
    error: /crd-\d+\.yaml:\d+/
  },
  {
    name: 'a Secret the server refuses, with a password in stringData',
    files: c => ({
      [`content/secret-${c.index}.yaml`]: [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        `  name: refused-${c.index}`,
        '  labels: {"not a label key!": "x"}',
        'stringData:',
        `  password: ${c.secrets.manifestPassword}`,
        ''
      ].join('\n')
    }),
    inputs: c => ({ manifests: `content/secret-${c.index}.yaml` }),
    error: /secret-\d+\.yaml:\d+/
  },
  {
    name: 'images: a reference followed by a flag',
    inputs: () => ({ images: 'ghcr.io/kube-deploy/example-web:1.0.0 --privileged' }),
    error: /input "images"/
  },
  {
    name: 'images: a digest that is not a sha256',
    inputs: () => ({ images: 'ghcr.io/kube-deploy/example-web@sha256:1234' }),
    error: /input "images"/
  },
  {
    name: 'images: upper case in the repository',
    inputs: () => ({ images: 'ghcr.io/Kube-Deploy/Example-Web:1.0.0' }),
    error: /input "images"/
  }
]

function crdWithBadResource(group: string): string {
  return [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    `  name: widgets.${group}`,
    'spec:',
    `  group: ${group}`,
    '  scope: Namespaced',
    '  names: {plural: widgets, singular: widget, kind: Widget}',
    '  versions:',
    '  - name: v1',
    '    served: true',
    '    storage: true',
    '    schema:',
    '      openAPIV3Schema:',
    '        type: object',
    '        properties:',
    '          spec:',
    '            type: object',
    '            properties:',
    '              size: {type: integer}',
    '---',
    `apiVersion: ${group}/v1`,
    'kind: Widget',
    'metadata:',
    '  name: big',
    'spec:',
    '  size: "big"',
    ''
  ].join('\n')
}
