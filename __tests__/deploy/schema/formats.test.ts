import { matchesFormat } from '../../../src/deploy/schema/formats.js'

describe('string formats checked as the apiserver checks them', () => {
  it.each([
    ['uuid', '123E4567-E89B-12D3-A456-426614174000', true],
    ['uuid', '123e4567e89b12d3a456426614174000', true],
    ['uuid', '123e4567-e89b-12d3-a456', false],
    ['uuid4', '123e4567-e89b-42d3-a456-426614174000', true],
    ['uuid4', '123e4567-e89b-12d3-a456-426614174000', false],
    ['uuid3', '123e4567-e89b-32d3-a456-426614174000', true],
    ['uuid5', '123e4567-e89b-52d3-8456-426614174000', true],
    ['date', '2024-02-29', true],
    ['date', '2023-02-29', false],
    ['date', '2024-2-29', false],
    ['date-time', '2024-02-29T23:59:59Z', true],
    ['date-time', '2024-02-29t23:59:59.123+02:00', true],
    ['datetime', '2024-02-29T12:00:00-05:00', true],
    ['date-time', '2024-02-29T24:00:00Z', false],
    ['date-time', '2024-02-29T12:00:00', false],
    ['date-time', '2024-02-29', false],
    ['ipv4', '10.0.0.1', true],
    ['ipv4', '010.000.000.001', true],
    ['ipv4', '::ffff:10.0.0.1', true],
    ['ipv4', '10.0.0.256', false],
    ['ipv4', '10.0.0', false],
    ['ipv6', 'fe80::1', true],
    ['ipv6', '10.0.0.1', false],
    ['hexcolor', '#a0B', true],
    ['hexcolor', 'ffffff', true],
    ['hexcolor', '#ffff', false]
  ])('%s %j: %s', (format, value, valid) => {
    expect(matchesFormat(value, format)).toBe(valid)
  })

  it('leaves formats it does not repeat to the server, accepting any value', () => {
    for (const format of ['email', 'uri', 'hostname', 'duration', 'byte', 'int32', 'made-up'])
      expect(matchesFormat('¿not quite?', format)).toBe(true)
  })
})
