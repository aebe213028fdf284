import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { admin, createNamespace, deleteNamespace, isLocalCluster } from '../../test/harness/test-cluster.js'
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

// Server + token access needs the local cluster's CA and ServiceAccount tokens; with a cluster named by
// KUBE_DEPLOY_TEST_KUBECONFIG these tests are skipped, by name, rather than passing without a check.
const itLocal = isLocalCluster() ? it : it.skip
const needsLocal = isLocalCluster() ? '' : " (skipped: needs the local cluster's CA and tokens)"

/** A real CA certificate that did not sign the server's certificate. */
function otherCa(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kube-deploy-other-ca-'))
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      path.join(dir, 'ca.key'),
      '-out',
      path.join(dir, 'ca.crt'),
      '-days',
      '1',
      '-subj',
      '/CN=not-the-cluster-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign'
    ],
    { stdio: 'pipe' }
  )
  return readFileSync(path.join(dir, 'ca.crt'), 'utf8')
}

const deploymentExists = (name: string): boolean =>
  admin(e2e.cluster, [
    'get',
    'deployment',
    name,
    '-n',
    namespace,
    '--ignore-not-found',
    '-o',
    'name'
  ]).trim() !== ''

describe('cluster access from server + token', () => {
  itLocal(
    `deploys with a ServiceAccount token and the CA as base64 of PEM, and masks the token${needsLocal}`,
    async () => {
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
    }
  )

  itLocal(
    `reports Forbidden for an account that may only read, and changes nothing${needsLocal}`,
    async () => {
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
    }
  )

  itLocal(
    `refuses a server whose certificate another CA signed, unless told to skip verification${needsLocal}`,
    async () => {
      const wrongCa = otherCa()
      expect(wrongCa).toContain('BEGIN CERTIFICATE')
      expect(wrongCa).not.toBe(tokenInputs['certificate-authority'])
      const file = await e2e.manifest(deploymentYaml('tls', { replicas: 1 }))
      const refused = await e2e.run({
        ...tokenInputs,
        'certificate-authority': wrongCa,
        'insecure-skip-tls-verify': 'false',
        token: e2e.cluster.deployerToken ?? '',
        namespace,
        manifests: file
      })
      expect(refused.exitCode).toBe(1)
      expect(refused.outputs.status).toBe('failed')
      // Node says "unable to verify the first certificate" / "self-signed certificate in certificate chain",
      // kubectl (Go) "x509: certificate signed by unknown authority".
      expect(refused.log).toMatch(
        /::error::.*(certificate signed by unknown authority|unable to (verify|get local issuer)|self[- ]signed certificate|certificate verify failed)/i
      )
      expect(deploymentExists('tls')).toBe(false)

      const insecure = await e2e.run({
        ...tokenInputs,
        'certificate-authority': '',
        'insecure-skip-tls-verify': 'true',
        token: e2e.cluster.deployerToken ?? '',
        namespace,
        manifests: file
      })
      expect(insecure.log).not.toMatch(/::error::/)
      expect(insecure.exitCode).toBe(0)
      expect(insecure.outputs.status).toBe('succeeded')
      expect(deploymentExists('tls')).toBe(true)
    }
  )

  itLocal(`asks for the CA when none is given and verification is on${needsLocal}`, async () => {
    const file = await e2e.manifest(deploymentYaml('no-ca', { replicas: 1 }))
    const run = await e2e.run({
      ...tokenInputs,
      'certificate-authority': '',
      'insecure-skip-tls-verify': 'false',
      token: e2e.cluster.deployerToken ?? '',
      namespace,
      manifests: file
    })
    expect(run.exitCode).toBe(1)
    expect(run.log).toContain('input "certificate-authority": is required')
    expect(deploymentExists('no-ca')).toBe(false)
  })
})
