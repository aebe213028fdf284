import { mkdirSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { configMapYaml, type CaseContext } from './hostile-case.js'

/**
 * The files the cases share. In the workspace: a chart that installs one ConfigMap and a chart whose
 * template fails. Outside it (where a workflow's files never are): a values file, which would be
 * used if the confinement failed (the manifest cases write their own, see outsideFolder).
 */
export function writeFixtures(workspace: string, outside: string): void {
  writeFiles(workspace, {
    'charts/good/Chart.yaml': chartYaml('good'),
    'charts/good/templates/configmap.yaml': [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: {{ .Release.Name }}-config',
      'data:',
      '  greeting: {{ .Values.greeting | quote }}',
      '  password: {{ .Values.db.password | quote }}',
      ''
    ].join('\n'),
    'charts/good/values.yaml': 'greeting: hello\ndb:\n  password: none\n',
    'charts/failing/Chart.yaml': chartYaml('failing'),
    'charts/failing/templates/configmap.yaml': [
      'apiVersion: v1',
      'kind: ConfigMap',
      '{{ fail "this chart refuses to render" }}',
      ''
    ].join('\n')
  })
  writeFiles(outside, {
    'values.yaml': 'greeting: from outside the workspace\n'
  })
}

function chartYaml(name: string): string {
  return `apiVersion: v2\nname: ${name}\nversion: 0.1.0\ntype: application\n`
}

/** Writes files under `root`, by path relative to it, making their folders. */
export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, content)
  }
}

/**
 * A folder outside the workspace, different for every case, with a valid ConfigMap of the case's own
 * and a kustomization of it: what a run would apply if the confinement failed.
 */
export function outsideFolder(c: CaseContext): Record<string, string> {
  return {
    [`case-${c.index}/configmap.yaml`]: configMapYaml(`outside-case-${c.index}`),
    [`case-${c.index}/kustomization.yaml`]: 'resources:\n- configmap.yaml\n'
  }
}
