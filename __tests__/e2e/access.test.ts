import { readFileSync } from 'node:fs'
import { createNamespace, deleteNamespace } from '../../test/harness/test-cluster.js'
import { deploymentYaml, setUpE2e, type E2eContext } from './support/e2e-context.js'

let e2e: E2eContext
let namespace: string
let tokenInputs: Record<string, string>

beforeAll(async () => {
  e2e = await setUpE2e()
  namespace = createNamespace(e2e.cluster, 'access')
  // No kubeconfig: these runs reach the cluster through server + token only.
  tokenInputs = {
    kubeconfig: '',
    server: e2e.cluster.server,
    'certificate-authority': readFileSync(e2e.cluster.caFile ?? '', 'utf8')
  }
})
afterAll(async () => {
  deleteNamespace(e2e.cluster, namespace)
  await e2e.mirror?.close()
})

const local = () => e2e.cluster.deployerToken !== undefined

describe('cluster access from server + token', () => {
  it('deploys with a ServiceAccount token and the CA as base64 of PEM, and masks the token', async () => {
    if (!local()) return
    const file = await e2e.manifest(deploymentYaml('token-app', { replicas: 1 }))
    const run = await e2e.run({
      ...tokenInputs,
      token: e2e.cluster.deployerToken ?? '',
      'certificate-authority': Buffer.from(tokenInputs['certificate-authority']).toString('base64'),
      namespace,
      manifests: file
    })
    expect(run.log).not.toMatch(/::error::/)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('succeeded')
    expect(run.log).toContain(`::add-mask::${e2e.cluster.deployerToken}`)
    const elsewhere =
      run.log.replace(`::add-mask::${e2e.cluster.deployerToken}`, '') +
      JSON.stringify(run.outputs) +
      run.summary
    expect(elsewhere).not.toContain(e2e.cluster.deployerToken)
  })

  it('reports Forbidden for an account that may only read, and changes nothing', async () => {
    if (!local()) return
    const readerNamespace = e2e.cluster.readerNamespace ?? ''
    const file = await e2e.manifest(deploymentYaml('not-allowed', { replicas: 1 }))
    const run = await e2e.run({
      ...tokenInputs,
      token: e2e.cluster.readerToken ?? '',
      namespace: readerNamespace,
      manifests: file
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(run.log).toMatch(/::error::.*forbidden.*deployments/i)
  })

  it('refuses a server with an untrusted certificate unless told to skip verification', async () => {
    if (!local()) return
    const file = await e2e.manifest(deploymentYaml('tls', { replicas: 1 }))
    const wrongCa = await e2e.run({
      ...tokenInputs,
      'certificate-authority': '',
      'insecure-skip-tls-verify': 'false',
      token: e2e.cluster.deployerToken ?? '',
      namespace,
      manifests: file
    })
    expect(wrongCa.exitCode).toBe(1)
    expect(wrongCa.log).toContain('input "certificate-authority": is required')
    const insecure = await e2e.run({
      ...tokenInputs,
      'certificate-authority': '',
      'insecure-skip-tls-verify': 'true',
      token: e2e.cluster.deployerToken ?? '',
      namespace,
      manifests: file
    })
    expect(insecure.exitCode).toBe(0)
  })
})
