import type { KubeObject } from '../../../src/kube-object.js'
import type { SchemaProps } from '../../../src/deploy/schema/schema-props.js'

/**
 * CRD schemas and objects with the verdict the apiserver gives when the object is created (kubectl's
 * client-side apply) and server-side applied: the unit tests hold the local schema check to it, and
 * an e2e test asks the real apiserver the same questions.
 */
export interface SchemaCase {
  name: string
  /** Fields of the object besides apiVersion, kind and metadata.name. */
  object: Record<string, unknown>
  /** Absent: the server accepts the object. Else what the local check must name. */
  refused?: RegExp
  /** The refusal holds for this way of applying only; the other accepts the object. */
  only?: 'create' | 'server-side'
}

export interface SchemaGroup {
  name: string
  /** The root openAPIV3Schema of the CRD's version v1. */
  schema: SchemaProps
  statusSubresource?: boolean
  cases: SchemaCase[]
}

const object = (properties: Record<string, SchemaProps>, extra: SchemaProps = {}): SchemaProps => ({
  type: 'object',
  properties,
  ...extra
})
const rootWithSpec = (spec: SchemaProps, status?: SchemaProps): SchemaProps =>
  object(status ? { spec, status } : { spec })

export const SCHEMA_GROUPS: SchemaGroup[] = [
  {
    name: 'typed',
    schema: rootWithSpec(
      object(
        {
          size: { type: 'integer', minimum: 1, maximum: 10 },
          ratio: { type: 'number', minimum: 0, exclusiveMinimum: true },
          name: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' },
          mode: { type: 'string', enum: ['fast', 'slow'] },
          enabled: { type: 'boolean' },
          tags: { type: 'array', maxItems: 2, items: { type: 'string' } },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          nested: object({ depth: { type: 'integer', multipleOf: 2 } }),
          port: { 'x-kubernetes-int-or-string': true },
          note: { type: 'string', nullable: true },
          count: { type: 'integer' }
        },
        { required: ['size'] }
      )
    ),
    cases: [
      { name: 'the required field alone', object: { spec: { size: 3 } } },
      {
        name: 'every field valid',
        object: {
          spec: {
            size: 10,
            ratio: 0.5,
            name: 'ab',
            mode: 'slow',
            enabled: false,
            tags: ['a', 'b'],
            labels: { a: 'b' },
            nested: { depth: 4 },
            port: 'http',
            note: null
          }
        }
      },
      { name: 'an int-or-string given a number', object: { spec: { size: 1, port: 8080 } } },
      {
        name: 'a null for a field that is not nullable',
        object: { spec: { size: 1, count: null } },
        refused: /spec\.count: .*got null/,
        only: 'server-side'
      },
      { name: 'a string for an integer', object: { spec: { size: '3' } }, refused: /spec\.size: .*integer/ },
      {
        name: 'a fraction for an integer',
        object: { spec: { size: 3.5 } },
        refused: /spec\.size: .*integer/
      },
      {
        name: 'the required field missing',
        object: { spec: { mode: 'fast' } },
        refused: /spec\.size: Required/
      },
      {
        name: 'the required field null',
        object: { spec: { size: null } },
        // on create the null is dropped, then missed; a server-side apply keeps it, then refuses it
        refused: /spec\.size: (Required|.*got null)/
      },
      { name: 'above the maximum', object: { spec: { size: 11 } }, refused: /spec\.size: .*10/ },
      { name: 'below the minimum', object: { spec: { size: 0 } }, refused: /spec\.size: .*1/ },
      { name: 'at an exclusive minimum', object: { spec: { size: 1, ratio: 0 } }, refused: /spec\.ratio/ },
      { name: 'too short and off-pattern', object: { spec: { size: 1, name: 'A' } }, refused: /spec\.name/ },
      { name: 'too long', object: { spec: { size: 1, name: 'abcdef' } }, refused: /spec\.name: Too long/ },
      {
        name: 'not in the enum',
        object: { spec: { size: 1, mode: 'medium' } },
        refused: /spec\.mode: Unsupported/
      },
      {
        name: 'a string for a boolean',
        object: { spec: { size: 1, enabled: 'yes' } },
        refused: /spec\.enabled/
      },
      { name: 'too many items', object: { spec: { size: 1, tags: ['a', 'b', 'c'] } }, refused: /spec\.tags/ },
      {
        name: 'an item of the wrong type',
        object: { spec: { size: 1, tags: [1] } },
        refused: /spec\.tags\[0\]/
      },
      {
        name: 'a map value of the wrong type',
        object: { spec: { size: 1, labels: { a: 1 } } },
        refused: /spec\.labels\.a/
      },
      {
        name: 'not a multiple',
        object: { spec: { size: 1, nested: { depth: 3 } } },
        refused: /spec\.nested\.depth/
      },
      {
        name: 'a fraction for an int-or-string',
        object: { spec: { size: 1, port: 1.5 } },
        refused: /spec\.port/
      },
      {
        name: 'a boolean for an int-or-string',
        object: { spec: { size: 1, port: true } },
        refused: /spec\.port/
      },
      {
        name: 'an unknown nested field',
        object: { spec: { size: 1, nested: { depth: 2, extra: true } } },
        refused: /unknown field "spec\.nested\.extra"/
      },
      {
        name: 'an unknown field',
        object: { spec: { size: 1, colour: 'red' } },
        refused: /unknown field "spec\.colour"/
      },
      {
        name: 'an unknown top-level field',
        object: { spec: { size: 1 }, other: 1 },
        refused: /unknown field "other"/
      },
      {
        name: 'an unknown metadata field',
        object: { metadata: { labelz: { a: 'b' } }, spec: { size: 1 } },
        refused: /unknown field "metadata\.labelz"/
      },
      { name: 'a string for the spec object', object: { spec: 'big' }, refused: /spec: .*object/ }
    ]
  },
  {
    name: 'preserving',
    schema: rootWithSpec(
      object({ known: object({ a: { type: 'string' } }) }, { 'x-kubernetes-preserve-unknown-fields': true })
    ),
    cases: [
      { name: 'anything below a preserving object', object: { spec: { free: { form: [1, 'two'] } } } },
      {
        name: 'an unknown field inside a declared field',
        object: { spec: { known: { b: 'x' } } },
        refused: /unknown field "spec\.known\.b"/,
        only: 'create'
      },
      {
        name: 'a declared field of the wrong type',
        object: { spec: { known: { a: 1 } } },
        refused: /spec\.known\.a/
      }
    ]
  },
  {
    name: 'defaulted',
    schema: rootWithSpec(
      object(
        {
          replicas: { type: 'integer', default: 1 },
          mode: { type: 'string', default: 'fast', enum: ['fast', 'slow'] },
          policy: object({ retries: { type: 'integer', default: 3, minimum: 0 } }, { default: {} })
        },
        { required: ['replicas', 'mode'] }
      )
    ),
    cases: [
      { name: 'required fields filled by defaults', object: { spec: {} } },
      { name: 'a null replaced by its default', object: { spec: { mode: null } } },
      {
        name: 'a value below a defaulted minimum',
        object: { spec: { policy: { retries: -1 } } },
        refused: /spec\.policy\.retries/
      }
    ]
  },
  {
    name: 'listed',
    schema: rootWithSpec(
      object({
        set: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: object({ name: { type: 'string' }, port: { type: 'integer' } }, { required: ['name'] })
        }
      })
    ),
    cases: [
      { name: 'a set of distinct items', object: { spec: { set: ['a', 'b'] } } },
      {
        name: 'a map list with distinct keys',
        object: { spec: { ports: [{ name: 'a' }, { name: 'b', port: 1 }] } }
      },
      {
        name: 'a set with a duplicate',
        object: { spec: { set: ['a', 'a'] } },
        refused: /spec\.set\[1\]: Duplicate/
      },
      {
        name: 'a map list with a duplicate key',
        object: {
          spec: {
            ports: [
              { name: 'a', port: 1 },
              { name: 'a', port: 2 }
            ]
          }
        },
        refused: /spec\.ports\[1\]: Duplicate/
      },
      {
        name: 'a map list item without its key',
        object: { spec: { ports: [{ port: 1 }] } },
        refused: /spec\.ports\[0\]\.name: Required/
      },
      {
        name: 'a map list item with an unknown field',
        object: { spec: { ports: [{ name: 'a', protocol: 'TCP' }] } },
        refused: /unknown field "spec\.ports\[0\]\.protocol"/
      }
    ]
  },
  {
    name: 'junctions',
    schema: rootWithSpec(
      object(
        {
          a: { type: 'string' },
          b: { type: 'string' },
          c: { type: 'string', allOf: [{ minLength: 2 }, { pattern: '^x' }] },
          d: { type: 'integer', anyOf: [{ minimum: 10 }, { maximum: 0 }] },
          e: { type: 'string', not: { enum: ['forbidden'] } }
        },
        { oneOf: [{ required: ['a'] }, { required: ['b'] }] }
      )
    ),
    cases: [
      { name: 'one of two', object: { spec: { a: 'x' } } },
      { name: 'the other of two', object: { spec: { b: 'x', c: 'xy', d: 11, e: 'fine' } } },
      { name: 'both of one-of', object: { spec: { a: 'x', b: 'y' } }, refused: /spec: .*oneOf/ },
      { name: 'neither of one-of', object: { spec: {} }, refused: /spec: .*oneOf/ },
      { name: 'failing one of all-of', object: { spec: { a: 'x', c: 'y' } }, refused: /spec\.c/ },
      { name: 'none of any-of', object: { spec: { a: 'x', d: 5 } }, refused: /spec\.d: .*anyOf/ },
      { name: 'matching not', object: { spec: { a: 'x', e: 'forbidden' } }, refused: /spec\.e: .*not/ }
    ]
  },
  {
    name: 'statused',
    statusSubresource: true,
    schema: rootWithSpec(
      object({ size: { type: 'integer' } }),
      object({ phase: { type: 'string', enum: ['A', 'B'] } })
    ),
    cases: [
      {
        name: 'a status value the server drops unchecked',
        object: { spec: { size: 1 }, status: { phase: 'C' } }
      },
      {
        name: 'an unknown field in a dropped status',
        object: { spec: { size: 1 }, status: { reason: 'x' } },
        refused: /unknown field "status\.reason"/
      }
    ]
  },
  {
    name: 'embedding',
    schema: rootWithSpec(
      object({
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true
        }
      })
    ),
    cases: [
      {
        name: 'an embedded object',
        object: {
          spec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 1 } } }
        }
      },
      {
        name: 'an embedded object without kind',
        object: { spec: { template: { apiVersion: 'v1', spec: {} } } },
        refused: /spec\.template\.kind: Required/
      },
      {
        name: 'an unknown field in embedded metadata',
        object: { spec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { nam: 'p' } } } },
        refused: /unknown field "spec\.template\.metadata\.nam"/
      }
    ]
  },
  {
    name: 'formatted',
    schema: rootWithSpec(
      object({
        id: { type: 'string', format: 'uuid' },
        at: { type: 'string', format: 'date-time' },
        day: { type: 'string', format: 'date' },
        ip: { type: 'string', format: 'ipv4' },
        mail: { type: 'string', format: 'email' }
      })
    ),
    cases: [
      {
        name: 'well-formed values',
        object: {
          spec: {
            id: '123e4567-e89b-12d3-a456-426614174000',
            at: '2024-02-29T12:30:00Z',
            day: '2024-02-29',
            ip: '10.0.0.1',
            mail: 'a@example.com'
          }
        }
      },
      { name: 'a malformed uuid', object: { spec: { id: 'not-a-uuid' } }, refused: /spec\.id: .*uuid/ },
      {
        name: 'a malformed date-time',
        object: { spec: { at: 'yesterday' } },
        refused: /spec\.at: .*date-time/
      },
      {
        name: 'a day that does not exist',
        object: { spec: { day: '2023-02-29' } },
        refused: /spec\.day: .*date/
      },
      { name: 'a malformed ipv4', object: { spec: { ip: '10.0.0.256' } }, refused: /spec\.ip: .*ipv4/ }
    ]
  },
  {
    name: 'nullable',
    schema: rootWithSpec(object({ level: { type: 'string', nullable: true, enum: ['low', 'high'] } })),
    cases: [
      { name: 'a listed value', object: { spec: { level: 'low' } } },
      {
        name: 'null where an enum applies',
        object: { spec: { level: null } },
        refused: /spec\.level: Unsupported/
      }
    ]
  },
  {
    name: 'mapped',
    schema: rootWithSpec(
      object({
        byName: {
          type: 'object',
          additionalProperties: object({ port: { type: 'integer' } }, { required: ['port'] })
        },
        limited: { type: 'object', maxProperties: 1, additionalProperties: { type: 'string' } },
        optional: object({ a: { type: 'string' } }, { nullable: true }),
        weighted: {
          type: 'array',
          items: object({ name: { type: 'string' }, weight: { type: 'integer', default: 1, minimum: 1 } })
        },
        deep: object(
          { inner: object({ x: { type: 'string' } }) },
          { 'x-kubernetes-preserve-unknown-fields': true }
        )
      })
    ),
    cases: [
      {
        name: 'maps, a nullable object, defaulted items and a preserving object',
        object: {
          spec: {
            byName: { a: { port: 1 } },
            limited: { a: 'b' },
            optional: null,
            weighted: [{ name: 'a' }, { name: 'b', weight: 2 }],
            deep: { free: 1, inner: { x: 'y' } }
          }
        }
      },
      {
        name: 'a map value missing its required field',
        object: { spec: { byName: { a: {} } } },
        refused: /spec\.byName\.a\.port: Required/
      },
      {
        name: 'an unknown field in a map value',
        object: { spec: { byName: { a: { port: 1, extra: 1 } } } },
        refused: /unknown field "spec\.byName\.a\.extra"/
      },
      {
        name: 'too many properties',
        object: { spec: { limited: { a: 'b', c: 'd' } } },
        refused: /spec\.limited: Too many/
      },
      {
        name: 'a null item',
        object: { spec: { weighted: [null] } },
        refused: /spec\.weighted\[0\]: .*got null/
      },
      {
        name: 'an item below its minimum',
        object: { spec: { weighted: [{ weight: 0 }] } },
        refused: /spec\.weighted\[0\]\.weight/
      },
      {
        name: 'an unknown field two levels below a preserving object',
        object: { spec: { deep: { inner: { z: 1 } } } },
        refused: /unknown field "spec\.deep\.inner\.z"/,
        only: 'create'
      }
    ]
  },
  {
    // How controller-gen writes a resource.Quantity (resources of containers embedded in a CRD).
    name: 'quantities',
    schema: rootWithSpec(
      object({
        cpu: {
          anyOf: [{ type: 'integer' }, { type: 'string' }],
          pattern:
            '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
          'x-kubernetes-int-or-string': true
        }
      })
    ),
    cases: [
      { name: 'a quantity written as a string', object: { spec: { cpu: '500m' } } },
      { name: 'a quantity written as a number', object: { spec: { cpu: 2 } } },
      {
        name: 'a string that is no quantity',
        object: { spec: { cpu: 'lots' } },
        refused: /spec\.cpu: .*should match/
      },
      {
        name: 'a quantity of the wrong type',
        object: { spec: { cpu: [1] } },
        refused: /spec\.cpu: .*integer or string/
      }
    ]
  },
  {
    name: 'open',
    schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    cases: [
      { name: 'any field of a schema that preserves everything', object: { spec: { a: [1] }, extra: true } },
      {
        name: 'an unknown metadata field where everything else is preserved',
        object: { metadata: { labelz: {} }, spec: {} },
        refused: /unknown field "metadata\.labelz"/
      }
    ]
  }
]

export const CASES_GROUP = 'schema-cases.kube-deploy.test'

const kindOf = (group: SchemaGroup): string => `${group.name[0].toUpperCase()}${group.name.slice(1)}Case`

/** The CRD of one group of cases, in API group `apiGroup`. */
export function crdFor(group: SchemaGroup, apiGroup = CASES_GROUP): KubeObject {
  const kind = kindOf(group)
  const plural = `${kind.toLowerCase()}s`
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${apiGroup}` },
    spec: {
      group: apiGroup,
      scope: 'Namespaced',
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: group.schema },
          ...(group.statusSubresource ? { subresources: { status: {} } } : {})
        }
      ]
    }
  }
}

/** The object of one case; its own `metadata` fields join the name. */
export function objectFor(group: SchemaGroup, index: number, apiGroup = CASES_GROUP): KubeObject {
  const { metadata, ...rest } = group.cases[index].object as { metadata?: Record<string, unknown> }
  return {
    apiVersion: `${apiGroup}/v1`,
    kind: kindOf(group),
    metadata: { name: `case-${index}`, ...metadata },
    ...rest
  }
}

export const APPLY_MODES = [
  { mode: 'create', serverSide: false },
  { mode: 'server-side', serverSide: true }
] as const

/** Every case in every way of applying, with the verdict expected there. */
export function schemaRows(): {
  name: string
  group: SchemaGroup
  index: number
  serverSide: boolean
  refused?: RegExp
}[] {
  return APPLY_MODES.flatMap(({ mode, serverSide }) =>
    SCHEMA_GROUPS.flatMap(group =>
      group.cases.map((row, index) => ({
        name: `${mode}: ${group.name}: ${row.name}`,
        group,
        index,
        serverSide,
        refused: row.only && row.only !== mode ? undefined : row.refused
      }))
    )
  )
}
