import { ApiException } from '@kubernetes/client-node'
import {
  apiErrorMessage,
  ClusterApiError,
  responseErrorMessage,
  toClusterApiError
} from '../../src/cluster/api-errors.js'
import { forgetSecretsForTests, maskSecrets } from '../../src/tool-runners/secret-values.js'

const forbidden = JSON.stringify({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  message:
    'pods "web-0" is forbidden: User "system:serviceaccount:ci:deployer" cannot get resource "pods/log"',
  reason: 'Forbidden',
  code: 403
})

afterEach(() => forgetSecretsForTests())

describe('apiErrorMessage', () => {
  it('gives the Status message of a client error, not its HTTP-Code dump', () => {
    const error = new ApiException(403, 'Unknown API Status Code!', forbidden, { 'audit-id': 'x' })
    expect(error.message).toMatch(/^HTTP-Code: 403/)
    expect(apiErrorMessage(error)).toBe(
      'pods "web-0" is forbidden: User "system:serviceaccount:ci:deployer" cannot get resource "pods/log"'
    )
  })

  it('says what the client said when the server sent no Status', () => {
    expect(apiErrorMessage(new ApiException(401, 'Unauthorized', undefined, {}))).toBe(
      'Unauthorized (HTTP 401)'
    )
    expect(
      apiErrorMessage(new ApiException(502, 'Unknown API Status Code!', '<html>Bad Gateway\n</html>', {}))
    ).toBe('<html>Bad Gateway (HTTP 502)')
  })

  it('strips credentials from transport errors and redacts registered secrets', () => {
    maskSecrets(['s3cr3t-token'])
    const fetchError = new Error(
      'request to https://deployer:p4ss@k8s.example:6443/api/v1/pods failed, reason: connect ECONNREFUSED\nsecond line'
    )
    expect(apiErrorMessage(fetchError)).toBe(
      'request to https://***@k8s.example:6443/api/v1/pods failed, reason: connect ECONNREFUSED'
    )
    expect(apiErrorMessage(new Error('header Authorization: Bearer s3cr3t-token refused'))).toBe(
      'header Authorization: Bearer *** refused'
    )
    expect(apiErrorMessage('token s3cr3t-token')).toBe('token ***')
  })
})

describe('toClusterApiError', () => {
  it('keeps the code and the Status, so callers can still tell a 404 from a 403', () => {
    const error = toClusterApiError(new ApiException(403, 'Unknown API Status Code!', forbidden, {}))
    expect(error).toBeInstanceOf(ClusterApiError)
    expect(error.code).toBe(403)
    expect(error.statusCode).toBe(403)
    expect(error.status?.reason).toBe('Forbidden')
    expect(error.message).not.toMatch(/HTTP-Code|Headers/)
    expect(toClusterApiError(error)).toBe(error)
    expect(toClusterApiError(Object.assign(new Error('Gone'), { statusCode: 410 })).code).toBe(410)
  })
})

describe('responseErrorMessage', () => {
  it('gives the Status message of a raw response, or the HTTP status when the body holds none', () => {
    const status = JSON.stringify({ kind: 'Status', message: 'namespaces "x" not found', code: 404 })
    expect(responseErrorMessage(404, status)).toBe('namespaces "x" not found')
    expect(responseErrorMessage(502, '<html><body>Bad Gateway</body></html>')).toBe('HTTP 502')
    expect(responseErrorMessage(500, '')).toBe('HTTP 500')
  })
})
