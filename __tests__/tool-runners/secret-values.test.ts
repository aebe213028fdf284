import { jest } from '@jest/globals'
import {
  forgetSecretsForTests,
  isWorthMasking,
  maskGivenValues,
  maskSecrets,
  redactSecrets
} from '../../src/tool-runners/secret-values.js'

let log: string
beforeEach(() => {
  log = ''
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    log += String(chunk)
    return true
  })
})
afterEach(() => {
  jest.restoreAllMocks()
  forgetSecretsForTests()
})

const masked = (): string[] =>
  log
    .split('\n')
    .filter(line => line.startsWith('::add-mask::'))
    .map(line => line.slice('::add-mask::'.length))

describe('maskSecrets', () => {
  it('asks the runner to mask each value once, blank ones never', () => {
    maskSecrets(['s3cr3t', 's3cr3t', ' ', 'a'])
    expect(masked()).toEqual(['s3cr3t', 'a'])
  })
})

describe('maskGivenValues', () => {
  it('masks the values that may be secrets, not booleans or values too short to be one', () => {
    maskGivenValues(['hunter2', '2', 'web', 'true', 'NULL', '1.2.3', 'prod'])
    expect(masked()).toEqual(['hunter2', '1.2.3', 'prod'])
    expect(isWorthMasking('abcd')).toBe(true)
  })
})

describe('redactSecrets', () => {
  it('replaces registered secrets, longest first', () => {
    maskSecrets(['pass', 'password123'])
    expect(redactSecrets('password123 and pass')).toBe('*** and ***')
  })

  it('removes bearer tokens, basic credentials and URL userinfo', () => {
    expect(
      redactSecrets(
        'request to https://admin:p%40ss@k8s.example:6443/api failed; Authorization: Bearer eyJhbGciOi.x-y_z; Basic YWRtaW46cGFzcw=='
      )
    ).toBe('request to https://***@k8s.example:6443/api failed; Authorization: Bearer ***; Basic ***')
    expect(redactSecrets('a Bearer token was refused')).toBe('a Bearer token was refused')
  })
})
