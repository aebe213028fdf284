import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, stat } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse } from 'yaml'
import { buildClusterConfig, caData, writeKubeconfig } from '../../src/cluster/kubeconfig.js'

/** A real (self-signed, unused) CA certificate: the CA input is parsed as one. */
const PEM = readFileSync(path.join(import.meta.dirname, '..', 'data', 'test-ca.pem'), 'utf8').trim()

const KUBECONFIG = `
apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: prod
  cluster: { server: 'https://prod.example:6443', certificate-authority-data: Q0E= }
- name: dev
  cluster: { server: 'https://dev.example:6443' }
contexts:
- name: prod
  context: { cluster: prod, user: admin, namespace: shop }
- name: dev
  context: { cluster: dev, user: admin }
users:
- name: admin
  user: { token: s3cr3t-token, client-key-data: S0VZ }
`

describe('buildClusterConfig', () => {
  it('keeps a kubeconfig, selects its current context and namespace, and lists its secrets', () => {
    const config = buildClusterConfig(
      { method: 'kubeconfig', kubeconfig: KUBECONFIG, allowInsecureServer: false },
      undefined
    )
    expect(config).toMatchObject({ server: 'https://prod.example:6443', namespace: 'shop', context: 'prod' })
    expect(config.secrets).toEqual(expect.arrayContaining(['s3cr3t-token', 'S0VZ']))
  })

  it('switches to the named context and writes the namespace input into it', () => {
    const config = buildClusterConfig(
      { method: 'kubeconfig', kubeconfig: KUBECONFIG, context: 'dev', allowInsecureServer: false },
      'staging'
    )
    const written = parse(config.content)
    expect(written['current-context']).toBe('dev')
    expect(written.contexts[1].context.namespace).toBe('staging')
    expect(config).toMatchObject({ server: 'https://dev.example:6443', namespace: 'staging' })
  })

  it('refuses a context whose server is plain http unless allow-insecure-server says so', () => {
    const plain = KUBECONFIG.replace(
      "'https://prod.example:6443'",
      "'http://admin:hunter2@prod.example:6443'"
    )
    expect(() =>
      buildClusterConfig({ method: 'kubeconfig', kubeconfig: plain, allowInsecureServer: false }, undefined)
    ).toThrow(
      /^(?!.*hunter2).*input "kubeconfig": context "prod" uses the plain http server http:\/\/prod\.example:6443/
    )
    expect(
      buildClusterConfig({ method: 'kubeconfig', kubeconfig: plain, allowInsecureServer: true }, undefined)
        .server
    ).toBe('http://admin:hunter2@prod.example:6443')
  })

  it('names the problem without echoing the kubeconfig', () => {
    expect(() =>
      buildClusterConfig(
        { method: 'kubeconfig', kubeconfig: KUBECONFIG, context: 'qa', allowInsecureServer: false },
        undefined
      )
    ).toThrow('input "context": context "qa" not found (have: prod, dev)')
    const broken = 'users:\n- name: a\n  user: {token: "s3cr3t\n'
    expect(() =>
      buildClusterConfig({ method: 'kubeconfig', kubeconfig: broken, allowInsecureServer: false }, undefined)
    ).toThrow(/input "kubeconfig": is not valid YAML/)
    try {
      buildClusterConfig({ method: 'kubeconfig', kubeconfig: broken, allowInsecureServer: false }, undefined)
    } catch (error) {
      expect((error as Error).message).not.toContain('s3cr3t')
    }
  })

  it('builds a kubeconfig from server, token and CA', () => {
    const config = buildClusterConfig(
      {
        method: 'token',
        server: 'https://10.1.2.3:6443',
        token: 'tok',
        certificateAuthority: PEM,
        insecureSkipTlsVerify: false
      },
      undefined
    )
    const written = parse(config.content)
    expect(written.clusters[0].cluster).toEqual({
      server: 'https://10.1.2.3:6443',
      'certificate-authority-data': Buffer.from(`${PEM}\n`).toString('base64')
    })
    expect(written.users[0].user.token).toBe('tok')
    expect(written.contexts[0].context.namespace).toBe('default')
    expect(config.secrets).toEqual(['tok'])
  })

  it('lists the userinfo of server URLs and the arguments and environment of exec plugins', () => {
    const kubeconfig = `
apiVersion: v1
kind: Config
current-context: eks
clusters:
- name: eks
  cluster: { server: 'https://deployer:p%40ss@eks.example', proxy-url: 'http://proxytoken@proxy:3128' }
contexts:
- name: eks
  context: { cluster: eks, user: eks }
users:
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [eks, get-token, --cluster-name, production, --role-arn=arn:aws:iam::1:role/deploy, --output, json]
      env: [{ name: AWS_SECRET_ACCESS_KEY, value: wJalrXUtnFEMI }]
`
    const { secrets } = buildClusterConfig(
      { method: 'kubeconfig', kubeconfig, allowInsecureServer: false },
      undefined
    )
    expect(new Set(secrets)).toEqual(
      new Set([
        'deployer:p%40ss',
        'p%40ss',
        'deployer:p@ss',
        'p@ss',
        'proxytoken',
        'get-token',
        'production',
        'arn:aws:iam::1:role/deploy',
        'json',
        'wJalrXUtnFEMI'
      ])
    )
    const byToken = buildClusterConfig(
      { method: 'token', server: 'https://u:pw12@10.1.2.3', token: 'tok', insecureSkipTlsVerify: true },
      undefined
    )
    expect(byToken.secrets).toEqual(['tok', 'u:pw12', 'pw12'])
  })

  it('accepts the CA as PEM or base64 of PEM, and nothing else', () => {
    const base64 = Buffer.from(PEM).toString('base64')
    expect(Buffer.from(caData(base64), 'base64').toString()).toContain('BEGIN CERTIFICATE')
    expect(Buffer.from(caData(PEM), 'base64').toString()).toContain('BEGIN CERTIFICATE')
    expect(() => caData('not a cert')).toThrow(/input "certificate-authority"/)
    expect(() => caData('-----BEGIN CERTIFICATE-----\nZ2FyYmFnZQ==\n-----END CERTIFICATE-----')).toThrow(
      /input "certificate-authority": holds PEM markers, but no certificate/
    )
  })

  it('writes the file readable by its owner only', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kc-'))
    const file = await writeKubeconfig(dir, 'x: 1\n')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await readFile(file, 'utf8')).toBe('x: 1\n')
  })
})
