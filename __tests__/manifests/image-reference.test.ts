import { imageReferenceProblem } from '../../src/manifests/image-reference.js'

const sha256 = 'a'.repeat(64)

describe('imageReferenceProblem', () => {
  it.each([
    'nginx',
    'nginx:1.27',
    'library/nginx:latest',
    'docker.io/library/nginx:1.27-alpine',
    'ghcr.io/acme/web:1.4.2',
    `ghcr.io/acme/web:1.4.2@sha256:${sha256}`,
    `ghcr.io/acme/web@sha256:${sha256}`,
    `web@sha512:${'0'.repeat(128)}`,
    'localhost/app',
    'localhost:5000/app:v1',
    'Registry.Example:443/team/app',
    '10.0.0.1:5000/a/b/c',
    '[::1]:5000/app',
    'a__b/c.d/e-f/g--h:T_1.x-Y'
  ])('takes %p', reference => {
    expect(imageReferenceProblem(reference)).toBeUndefined()
  })

  it.each([
    ['', /is empty/],
    ['web app', /holds white space/],
    ['web:1\n', /holds white space/],
    ['Web', /path component "Web"/],
    ['ghcr.io/Acme/web', /path component "Acme"/],
    ['acme//web', /empty path component/],
    ['acme/web/', /empty path component/],
    ['/web', /empty path component/],
    ['web_:1', /path component "web_"/],
    ['web:', /has tag ""/],
    ['web:-1', /has tag "-1"/],
    [`web:${'x'.repeat(129)}`, /has tag/],
    ['web:1?x', /has tag "1\?x"/],
    ['web@sha256:abc', /sha256 takes 64 lowercase hex digits/],
    [`web@sha256:${'A'.repeat(64)}`, /sha256 takes 64 lowercase hex digits/],
    [`web@md5:${sha256}`, /expected sha256/],
    ['web@latest', /expected sha256/],
    ['bad_host.io:x/app', /registry "bad_host.io:x"/],
    ['-bad.io/app', /registry "-bad.io"/],
    [`a/${'b'.repeat(255)}`, /longer than 255/]
  ])('refuses %p', (reference, problem) => {
    expect(imageReferenceProblem(reference)).toMatch(problem)
  })
})
