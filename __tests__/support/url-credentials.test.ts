import { withoutCredentials } from '../../src/support/url-credentials.js'

describe('withoutCredentials', () => {
  it.each([
    ['https://admin:hunter2@k8s.example:6443/', 'https://k8s.example:6443'],
    ['http://mirror:s3cret@127.0.0.1:8080/kubectl', 'http://127.0.0.1:8080/kubectl'],
    ['https://k8s.example:6443', 'https://k8s.example:6443'],
    ['not a url hunter2', '(unparsable URL)']
  ])('shows %p as %p', (url, shown) => {
    expect(withoutCredentials(url)).toBe(shown)
  })
})
