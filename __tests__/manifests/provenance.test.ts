import { fixture } from '../fixtures.js'
import type { KubeObject } from '../../src/kube-object.js'
import { parseManifests } from '../../src/manifests/load.js'
import {
  CHANGE_CAUSE,
  PROVENANCE_ANNOTATIONS,
  annotateObjects,
  provenanceFromEnvironment,
  type Provenance
} from '../../src/manifests/provenance.js'

/** What a runner sets for a push to main. */
const RUN = {
  GITHUB_SHA: '9f1c2a7e5b3d4c6f8a0b1c2d3e4f5a6b7c8d9e0f',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: '8812345678',
  GITHUB_RUN_NUMBER: '412',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_WORKFLOW: 'deploy',
  GITHUB_ACTOR: 'octocat',
  GITHUB_TRIGGERING_ACTOR: 'octocat',
  GITHUB_JOB: 'deploy',
  RUNNER_NAME: 'GitHub Actions 7'
}

/** The manifests of a small app, as read from files: a Deployment, a ConfigMap, a Service. */
const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {team: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      annotations: {prometheus.io/scrape: "true"}
    spec:
      containers: [{name: web, image: ghcr.io/acme/web:1.2.3}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data: {a: b}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
`

function deployOnce(env: NodeJS.ProcessEnv, environment?: string): KubeObject[] {
  const objects = parseManifests(MANIFESTS, 'app.yaml').map(entry => entry.object)
  annotateObjects(objects, provenanceFromEnvironment(env, environment))
  return objects
}

describe('provenanceFromEnvironment', () => {
  it('reads the runner variables, with no token', () => {
    expect(provenanceFromEnvironment(RUN, 'production')).toEqual({
      annotations: {
        'kube-deploy.dev/commit': RUN.GITHUB_SHA,
        'kube-deploy.dev/ref': 'refs/heads/main',
        'kube-deploy.dev/run-url': 'https://github.com/acme/shop/actions/runs/8812345678',
        'kube-deploy.dev/workflow': 'deploy',
        'kube-deploy.dev/actor': 'octocat',
        'kube-deploy.dev/environment': 'production'
      },
      changeCause: 'kube-deploy 9f1c2a7 of main to production by octocat (deploy #412)'
    })
  })

  it('writes only the annotations it lists', () => {
    const [deployment] = deployOnce(RUN, 'production')
    expect(Object.keys(deployment.metadata.annotations ?? {}).sort()).toEqual(
      [...PROVENANCE_ANNOTATIONS, 'team'].sort()
    )
  })

  it('leaves out what the runner did not set, and everything outside a runner', () => {
    expect(provenanceFromEnvironment({ GITHUB_SHA: RUN.GITHUB_SHA })).toEqual({
      annotations: { 'kube-deploy.dev/commit': RUN.GITHUB_SHA },
      changeCause: 'kube-deploy 9f1c2a7'
    })
    expect(provenanceFromEnvironment({})).toEqual({ annotations: {} })
  })

  it('keeps hostile values to one short line, and builds no run URL from a bad part', () => {
    const provenance = provenanceFromEnvironment(
      {
        ...RUN,
        GITHUB_REF: 'refs/heads/x\n::error::pwned\r\u2028y',
        GITHUB_WORKFLOW: 'w'.repeat(1000),
        GITHUB_ACTOR: '\u001b[31mred\u001b[0m',
        GITHUB_SERVER_URL: 'javascript:alert(1)//'
      },
      '  staging\n  '
    )
    const { annotations } = provenance
    expect(annotations['kube-deploy.dev/ref']).toBe('refs/heads/x ::error::pwned y')
    expect([...annotations['kube-deploy.dev/workflow']]).toHaveLength(256)
    expect(annotations['kube-deploy.dev/workflow'].endsWith('…')).toBe(true)
    expect(annotations['kube-deploy.dev/actor']).toBe('[31mred [0m')
    expect(annotations['kube-deploy.dev/environment']).toBe('staging')
    expect(annotations).not.toHaveProperty('kube-deploy.dev/run-url')
    for (const value of [...Object.values(annotations), provenance.changeCause ?? ''])
      // eslint-disable-next-line no-control-regex
      expect(value).not.toMatch(/[\u0000-\u001f\u2028\u2029]/)
    expect([...(provenance.changeCause ?? '')].length).toBeLessThanOrEqual(256)
    expect(
      provenanceFromEnvironment({ ...RUN, GITHUB_REPOSITORY: 'acme/shop/../x' }).annotations
    ).not.toHaveProperty('kube-deploy.dev/run-url')
  })
})

describe('annotateObjects', () => {
  it("annotates every object's own metadata, and workloads with a change-cause", () => {
    const [deployment, configMap, service] = deployOnce(RUN, 'production')
    for (const object of [deployment, configMap, service])
      expect(object.metadata.annotations).toMatchObject({
        'kube-deploy.dev/commit': RUN.GITHUB_SHA,
        'kube-deploy.dev/environment': 'production'
      })
    expect(deployment.metadata.annotations).toMatchObject({
      team: 'web',
      [CHANGE_CAUSE]: 'kube-deploy 9f1c2a7 of main to production by octocat (deploy #412)'
    })
    expect(configMap.metadata.annotations).not.toHaveProperty(CHANGE_CAUSE)
    expect(service.metadata.annotations).not.toHaveProperty(CHANGE_CAUSE)
  })

  it('never touches a pod template: the spec is exactly as written', () => {
    const [deployment] = deployOnce(RUN)
    const [asWritten] = parseManifests(MANIFESTS, 'app.yaml').map(entry => entry.object)
    expect(deployment.spec).toEqual(asWritten.spec)
  })

  it.each(['deployment-complete', 'statefulset-complete', 'daemonset-rolling', 'job-complete'])(
    'leaves the pod template of a real %s alone',
    name => {
      const object = fixture(name)
      const spec = JSON.stringify(object.spec)
      annotateObjects([object], provenanceFromEnvironment(RUN))
      expect(JSON.stringify(object.spec)).toBe(spec)
      expect(object.metadata.annotations?.['kube-deploy.dev/commit']).toBe(RUN.GITHUB_SHA)
      // The kinds `kubectl rollout history` shows a change-cause for; a Job has no rollout.
      expect(CHANGE_CAUSE in (object.metadata.annotations ?? {})).toBe(name !== 'job-complete')
    }
  )

  it("keeps the manifest's own change-cause, and always writes the provenance keys", () => {
    const object = fixture('deployment-complete')
    object.metadata.annotations = {
      [CHANGE_CAUSE]: 'bump to 1.2.3',
      'kube-deploy.dev/commit': 'copied from another repository'
    }
    annotateObjects([object], provenanceFromEnvironment(RUN))
    expect(object.metadata.annotations[CHANGE_CAUSE]).toBe('bump to 1.2.3')
    expect(object.metadata.annotations['kube-deploy.dev/commit']).toBe(RUN.GITHUB_SHA)
  })

  it('adds nothing outside a runner (no variables, no annotations)', () => {
    const objects = deployOnce({})
    expect(objects[1].metadata).toEqual({ name: 'web-config' })
  })

  it('adds nothing with an empty provenance (as `annotate: false` gives none)', () => {
    const none: Provenance = { annotations: {} }
    const objects = parseManifests(MANIFESTS, 'app.yaml').map(entry => entry.object)
    annotateObjects(objects, none)
    expect(objects).toEqual(parseManifests(MANIFESTS, 'app.yaml').map(entry => entry.object))
  })
})

describe('two runs of the same commit', () => {
  it('write identical objects when the run is retried or re-run (another attempt, another triggering actor, another runner)', () => {
    const retry = {
      ...RUN,
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_TRIGGERING_ACTOR: 'someone-else',
      RUNNER_NAME: 'GitHub Actions 19'
    }
    expect(deployOnce(retry, 'production')).toEqual(deployOnce(RUN, 'production'))
  })

  it('differ, in another workflow run, only in the metadata annotations: no spec, no pod template', () => {
    const later = { ...RUN, GITHUB_RUN_ID: '8899999999', GITHUB_RUN_NUMBER: '413', GITHUB_ACTOR: 'hubot' }
    const first = deployOnce(RUN)
    const second = deployOnce(later)
    const withoutAnnotations = (objects: KubeObject[]): unknown =>
      objects.map(object => ({ ...object, metadata: { ...object.metadata, annotations: undefined } }))
    expect(withoutAnnotations(second)).toEqual(withoutAnnotations(first))
    expect(second[0].spec).toEqual(first[0].spec)
  })
})
