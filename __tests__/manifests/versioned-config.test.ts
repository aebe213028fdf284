import { parseManifests, type ManifestObject } from '../../src/manifests/load.js'
import {
  describeVersion,
  VERSIONED_FROM_LABEL,
  versionConfigObjects
} from '../../src/manifests/versioned-config.js'
import { contentHash } from '../../src/manifests/content-hash.js'

const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  annotations:
    kube-deploy.dev/versioned: "true"
    kube-deploy.dev/max-version-history: "3"
data:
  LOG_LEVEL: info
`
const secret = `apiVersion: v1
kind: Secret
metadata:
  name: creds
  annotations: {kube-deploy.dev/versioned: "true"}
type: Opaque
stringData:
  password: s3cr3t
`
/** Every place a pod spec can name a ConfigMap or a Secret. */
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      imagePullSecrets:
      - name: creds
      - name: registry
      initContainers:
      - name: migrate
        image: migrate:1
        envFrom:
        - configMapRef: {name: settings}
      containers:
      - name: web
        image: web:1
        env:
        - name: LEVEL
          valueFrom: {configMapKeyRef: {name: settings, key: LOG_LEVEL}}
        - name: PASSWORD
          valueFrom: {secretKeyRef: {name: creds, key: password}}
        - name: OTHER
          valueFrom: {configMapKeyRef: {name: elsewhere, key: x}}
        envFrom:
        - secretRef: {name: creds}
        - configMapRef: {name: creds}
      ephemeralContainers:
      - name: debug
        image: busybox
        envFrom:
        - configMapRef: {name: settings}
      volumes:
      - name: config
        configMap: {name: settings}
      - name: secret
        secret: {secretName: creds}
      - name: both
        projected:
          sources:
          - configMap: {name: settings}
          - secret: {name: creds}
          - serviceAccountToken: {path: token}
`
const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: job
            image: job:1
            envFrom: [{configMapRef: {name: settings}}]
`
const rollout = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: canary}
spec:
  template:
    spec:
      containers:
      - name: web
        image: web:1
        envFrom: [{configMapRef: {name: settings}}]
`
const pod = (namespace?: string) => `apiVersion: v1
kind: Pod
metadata: {name: one${namespace ? `, namespace: ${namespace}` : ''}}
spec:
  containers:
  - name: web
    image: web:1
    envFrom: [{configMapRef: {name: settings}}]
`

const parse = (...documents: string[]): ManifestObject[] =>
  parseManifests(documents.join('---\n'), 'app.yaml')
const at = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((current, key) => (current as Record<string | number, unknown>)[key], value)

describe('versionConfigObjects', () => {
  it('names a marked ConfigMap and Secret by content and labels each with the name as written', () => {
    const entries = parse(configMap, secret)
    const settingsHash = contentHash(entries[0].object)
    const versions = versionConfigObjects(entries, 'shop')
    expect(versions).toEqual([
      {
        kind: 'ConfigMap',
        namespace: 'shop',
        name: 'settings',
        versionName: `settings-${settingsHash}`,
        maxHistory: 3,
        referencedBy: []
      },
      expect.objectContaining({ kind: 'Secret', name: 'creds', maxHistory: undefined })
    ])
    expect(entries[0].object.metadata.name).toBe(`settings-${settingsHash}`)
    expect(entries[0].object.metadata.labels).toEqual({ [VERSIONED_FROM_LABEL]: 'settings' })
    expect(entries[0].object.metadata.annotations?.['kube-deploy.dev/versioned']).toBe('true')
    expect(entries[1].object.metadata.name).toMatch(/^creds-[a-z0-9]{10}$/)
  })

  it('gives the same content the same name, and other content another', () => {
    const first = versionConfigObjects(parse(configMap), 'shop')[0].versionName
    expect(versionConfigObjects(parse(configMap), 'shop')[0].versionName).toBe(first)
    const changed = configMap.replace('LOG_LEVEL: info', 'LOG_LEVEL: debug')
    expect(versionConfigObjects(parse(changed), 'shop')[0].versionName).not.toBe(first)
  })

  it('rewrites every reference site in the same namespace, and nothing else', () => {
    const entries = parse(configMap, secret, deployment)
    const [settings, creds] = versionConfigObjects(entries, 'shop').map(version => version.versionName)
    const spec = at(entries[2].object, 'spec', 'template', 'spec')
    expect(at(spec, 'imagePullSecrets')).toEqual([{ name: creds }, { name: 'registry' }])
    expect(at(spec, 'initContainers', 0, 'envFrom', 0, 'configMapRef', 'name')).toBe(settings)
    const env = at(spec, 'containers', 0, 'env')
    expect(at(env, 0, 'valueFrom', 'configMapKeyRef', 'name')).toBe(settings)
    expect(at(env, 1, 'valueFrom', 'secretKeyRef', 'name')).toBe(creds)
    expect(at(env, 2, 'valueFrom', 'configMapKeyRef', 'name')).toBe('elsewhere')
    expect(at(spec, 'containers', 0, 'envFrom')).toEqual([
      { secretRef: { name: creds } },
      // A ConfigMap named like the Secret is another object: not versioned here.
      { configMapRef: { name: 'creds' } }
    ])
    expect(at(spec, 'ephemeralContainers', 0, 'envFrom', 0, 'configMapRef', 'name')).toBe(settings)
    expect(at(spec, 'volumes')).toEqual([
      { name: 'config', configMap: { name: settings } },
      { name: 'secret', secret: { secretName: creds } },
      {
        name: 'both',
        projected: {
          sources: [
            { configMap: { name: settings } },
            { secret: { name: creds } },
            { serviceAccountToken: { path: 'token' } }
          ]
        }
      }
    ])
  })

  it('rewrites CronJob job templates, custom resources with a pod template and bare Pods', () => {
    const entries = parse(configMap, cronJob, rollout, pod())
    const [version] = versionConfigObjects(entries, 'shop')
    const envFromOf = (index: number, ...path: string[]): unknown =>
      at(entries[index].object, ...path, 'containers', 0, 'envFrom', 0, 'configMapRef', 'name')
    expect(envFromOf(1, 'spec', 'jobTemplate', 'spec', 'template', 'spec')).toBe(version.versionName)
    expect(envFromOf(2, 'spec', 'template', 'spec')).toBe(version.versionName)
    expect(envFromOf(3, 'spec')).toBe(version.versionName)
    expect(version.referencedBy).toEqual(['cronjob/nightly', 'rollout/canary', 'pod/one'])
    expect(describeVersion(version)).toBe(
      `configmap/settings applied as ${version.versionName} (referenced by cronjob/nightly, rollout/canary, pod/one)`
    )
  })

  it('leaves references from another namespace as written', () => {
    const entries = parse(configMap, pod('other'))
    versionConfigObjects(entries, 'shop')
    expect(at(entries[1].object, 'spec', 'containers', 0, 'envFrom', 0, 'configMapRef', 'name')).toBe(
      'settings'
    )
    // The object's own namespace counts, the run's only where it names none.
    const elsewhere = parse(
      configMap.replace('name: settings', 'name: settings\n  namespace: other'),
      pod('other')
    )
    versionConfigObjects(elsewhere, 'shop')
    expect(at(elsewhere[1].object, 'spec', 'containers', 0, 'envFrom', 0, 'configMapRef', 'name')).toMatch(
      /^settings-/
    )
  })

  it('leaves unmarked objects and "false" alone', () => {
    const plain = configMap.replace(/ {4}kube-deploy.dev\/.*\n/g, '')
    const off = configMap
      .replace('versioned: "true"', 'versioned: "false"')
      .replace(/ {4}kube-deploy.dev\/max.*\n/, '')
    for (const text of [plain, off]) {
      const entries = parse(text, pod())
      expect(versionConfigObjects(entries, 'shop')).toEqual([])
      expect(entries[0].object.metadata.name).toBe('settings')
    }
  })

  it.each([
    [
      configMap.replace('versioned: "true"', 'versioned: "yes"'),
      'app.yaml:1: ConfigMap settings: kube-deploy.dev/versioned is "yes"; expected "true" or "false"'
    ],
    [
      configMap.replace('max-version-history: "3"', 'max-version-history: "0"'),
      'app.yaml:1: ConfigMap settings: kube-deploy.dev/max-version-history is "0"; expected a whole number of versions, 1 or more'
    ],
    [
      configMap.replace('versioned: "true"', 'versioned: "false"'),
      'app.yaml:1: ConfigMap settings: kube-deploy.dev/max-version-history needs kube-deploy.dev/versioned: "true"'
    ],
    [
      pod().replace(
        'metadata: {name: one}',
        'metadata: {name: one, annotations: {kube-deploy.dev/versioned: "true"}}'
      ),
      'app.yaml:1: Pod one: kube-deploy.dev/versioned and kube-deploy.dev/max-version-history apply to ConfigMaps and Secrets (v1) only'
    ],
    [
      configMap.replace('name: settings', `name: ${'a'.repeat(64)}`),
      `app.yaml:1: ConfigMap ${'a'.repeat(64)}: a versioned name may have at most 63 characters (it is the value of the label kube-deploy.dev/versioned-from)`
    ]
  ])('refuses bad annotations, naming the file and line (%#)', (text, message) => {
    expect(() => versionConfigObjects(parse(text), 'shop')).toThrow(message)
  })
})
