import {
  apiErrorMessage,
  ClusterApiError,
  errorFromResponse,
  parseAnswer,
  transportError
} from '../../src/cluster/api-errors.js'
import { forgetSecretsForTests, maskSecrets } from '../../src/tool-runners/secret-values.js'

const forbidden = JSON.stringify({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  message:
    'pods "web-0" is forbidden: User "system:serviceaccount:ci:deployer" cannot get resource "pods/log"',
  reason: 'Forbidden',
  code: 403,
  details: { name: 'web-0', kind: 'pods' }
})

afterEach(() => forgetSecretsForTests())

describe('errorFromResponse', () => {
  it('gives the Status message, keeps the code and the Status, and is no transient failure', () => {
    const error = errorFromResponse(403, forbidden)
    expect(error).toBeInstanceOf(ClusterApiError)
    expect(error.message).toBe(
      'pods "web-0" is forbidden: User "system:serviceaccount:ci:deployer" cannot get resource "pods/log"'
    )
    expect([error.code, error.status?.reason, error.status?.details?.name, error.transient]).toEqual([
      403,
      'Forbidden',
      'web-0',
      false
    ])
  })

  it('says HTTP <code> when the body holds no Status (a proxy page, an empty body)', () => {
    expect(errorFromResponse(502, '<html><body>Bad Gateway</body></html>').message).toBe('HTTP 502')
    expect(errorFromResponse(500, '').message).toBe('HTTP 500')
    expect(errorFromResponse(401, '"Unauthorized"').message).toBe('HTTP 401')
  })

  it('calls busy and restarting servers transient, and refusals not', () => {
    expect([429, 500, 502, 503, 504].map(code => errorFromResponse(code, '').transient)).toEqual([
      true,
      true,
      true,
      true,
      true
    ])
    expect([400, 401, 403, 404, 409, 410, 422].some(code => errorFromResponse(code, '').transient)).toBe(
      false
    )
  })

  it('redacts registered secrets that a webhook echoed into its message', () => {
    maskSecrets(['s3cr3t-token'])
    const echoed = JSON.stringify({ kind: 'Status', message: 'admission webhook denied token s3cr3t-token' })
    expect(errorFromResponse(400, echoed).message).toBe('admission webhook denied token ***')
  })
})

describe('transportError and apiErrorMessage', () => {
  it('says the server could not be reached, transient, secrets redacted', () => {
    maskSecrets(['s3cr3t-token'])
    const error = transportError(new Error('connect ECONNREFUSED 127.0.0.1:6443 s3cr3t-token'))
    expect(error.message).toBe('the API server could not be reached: connect ECONNREFUSED 127.0.0.1:6443 ***')
    expect(error.transient).toBe(true)
    expect(transportError(error)).toBe(error)
    expect(apiErrorMessage(error)).toBe(error.message)
    expect(apiErrorMessage(new Error('header Authorization: Bearer s3cr3t-token refused'))).toBe(
      'header Authorization: Bearer *** refused'
    )
  })
})

describe('parseAnswer', () => {
  it('parses JSON and turns anything else into a ClusterApiError', () => {
    expect(parseAnswer<{ a: number }>({ status: 200, body: '{"a":1}' })).toEqual({ a: 1 })
    expect(() => parseAnswer({ status: 200, body: '<html>' })).toThrow(
      new ClusterApiError("the API server's answer is no JSON (HTTP 200)", 200, undefined)
    )
  })
})
