import { createRequire } from 'node:module'
import type { ErrorObject } from 'ajv'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const { validateMetaSchema } = require('./validate-meta-schema.generated.cjs') as {
  validateMetaSchema: ((schema: unknown) => boolean) & { errors?: ErrorObject[] | null }
}

// What the config-schema rule reads of an error (`schemaPath` and the verbose `schema` and
// `parentSchema` may name compiled places differently).
const readable = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map(({ keyword, instancePath, params, data }) => ({ keyword, instancePath, params, data }))

describe('the precompiled JSON Schema 2020-12 meta-schema', () => {
  it('answers as ajv compiling the meta-schema itself does, on damaged config schemas', () => {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: 'log', allowUnionTypes: true, logger: false })
    addFormats.default(ajv)
    const keyword = fc.constantFrom(
      'type',
      'minimum',
      'enum',
      'items',
      'required',
      'pattern',
      'format',
      'properties',
      'const',
      'additionalProperties',
      '$ref',
      'minLength',
      'anyOf',
      'default',
      'x-note',
    )
    const value = fc.oneof(
      fc.constantFrom('string', 'strin', 'object', 'integer', ['string', 'null'], ['string', 7]),
      fc.integer({ min: -3, max: 3 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('a', 'b'), fc.constantFrom<unknown>({ type: 'string' }, { type: 3 }, 'x', 1)),
    )
    const schema = fc
      .dictionary(keyword, value, { maxKeys: 4 })
      .map((property) => ({ type: 'object', properties: { setting: property } }))
    fc.assert(
      fc.property(schema, (config) => {
        const expected = ajv.validateSchema(config)
        const errors = readable(ajv.errors)
        expect(validateMetaSchema(config)).toBe(expected)
        expect(readable(validateMetaSchema.errors)).toEqual(errors)
      }),
      { seed: 20261123, numRuns: 2_000 },
    )
  })
})
