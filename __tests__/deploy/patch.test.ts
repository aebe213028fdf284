import { patchBody } from '../../src/deploy/patch.js'

describe('patchBody', () => {
  it('turns YAML into JSON', () => {
    expect(patchBody('spec:\n  replicas: 3\n', 'strategic')).toBe('{"spec":{"replicas":3}}')
    expect(patchBody('[{"op": "replace", "path": "/spec/replicas", "value": 2}]', 'json')).toBe(
      '[{"op":"replace","path":"/spec/replicas","value":2}]'
    )
  })
  it('names the input and the line of a syntax error', () => {
    expect(() => patchBody('spec:\n  replicas: [3\n', 'merge')).toThrow(
      /input "patch": is not valid YAML or JSON \(line \d\)/
    )
  })
  it('checks the shape against the patch type', () => {
    expect(() => patchBody('spec: {}', 'json')).toThrow(/must be a list of operations/)
    expect(() => patchBody('- a', 'strategic')).toThrow(/must be a mapping/)
  })
})
