import { checkValues } from '../../../src/deploy/schema/values.js'

describe('value constraints', () => {
  it('leaves a pattern JavaScript cannot read to the server rather than refuse', () => {
    const schema = { type: 'string', pattern: '(?i)^abc$' }
    expect(checkValues('xyz', schema, 'spec.name')).toEqual([])
  })

  it('matches patterns unanchored, as Go does', () => {
    expect(checkValues('a-b', { type: 'string', pattern: '[a-z]' }, 'x')).toEqual([])
    expect(checkValues('--', { type: 'string', pattern: '[a-z]' }, 'x')).toEqual([
      { path: 'x', message: `Invalid value: "--": should match '[a-z]'` }
    ])
  })

  it('counts characters, not UTF-16 units, in lengths', () => {
    expect(checkValues('😀😀', { type: 'string', maxLength: 2 }, 'x')).toEqual([])
  })

  it('takes an integer where a number is asked, and a whole number written with a fraction as an integer', () => {
    expect(checkValues(3, { type: 'number' }, 'x')).toEqual([])
    expect(checkValues(JSON.parse('3.0'), { type: 'integer' }, 'x')).toEqual([])
  })

  it('refuses a false additionalProperties by name', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }
    expect(checkValues({ a: 'x', b: 'y' }, schema, 'spec')).toEqual([
      { path: 'spec.b', message: 'Forbidden: additional properties are not allowed' }
    ])
  })

  it('compares enum values as JSON, whatever the order of object keys', () => {
    const schema = { type: 'object', enum: [{ a: 1, b: 2 }] }
    expect(checkValues({ b: 2, a: 1 }, schema, 'x')).toEqual([])
  })

  it('keys list-type map items on all their keys', () => {
    const schema = {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['port', 'protocol'],
      items: { type: 'object' }
    }
    const ports = [
      { port: 80, protocol: 'TCP' },
      { port: 80, protocol: 'UDP' }
    ]
    expect(checkValues(ports, schema, 'spec.ports')).toEqual([])
    expect(checkValues([...ports, { protocol: 'TCP', port: 80 }], schema, 'spec.ports')).toEqual([
      { path: 'spec.ports[2]', message: 'Duplicate value: [80,"TCP"]' }
    ])
    expect(checkValues([1], schema, 'spec.ports')).toEqual([
      { path: 'spec.ports[0]', message: 'must be of type object, got integer' },
      { path: 'spec.ports[0]', message: 'must be an object for an array of list-type map' }
    ])
  })
})
