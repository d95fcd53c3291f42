import type { ErrorObject } from 'ajv'
import { describeValue } from '../manifest/describe-value.js'
import { locatePointer } from '../manifest/locate-pointer.js'
import { isObject } from '../manifest/rule-context.js'
import type { SchemaNode } from '../manifest/schema-at.js'
import { schemaFindings } from '../manifest/schema-findings.js'
import type { Finding } from '../manifest/types.js'
import schema from './pdk-config.schema.json' with { type: 'json' }
import { validatePdkConfigSchema } from './validate-config.generated.js'

/** Every `config/*` rule that checks pdk.config.json: id, what it checks, and the severity of its findings. */
export const pdkConfigRules: readonly { id: `config/${string}`; description: string; severity: 'error' | 'warn' }[] = [
  { id: 'config/json', severity: 'error', description: 'pdk.config.json is valid JSON.' },
  { id: 'config/bom', severity: 'warn', description: 'pdk.config.json does not start with a UTF-8 byte-order mark.' },
  { id: 'config/too-large', severity: 'warn', description: 'pdk.config.json stays under 1 MiB.' },
  { id: 'config/not-object', severity: 'error', description: 'pdk.config.json holds one JSON object.' },
  {
    id: 'config/unknown-key',
    severity: 'error',
    description: 'Keys are ones pdk knows, with a did-you-mean for near misses.',
  },
  { id: 'config/type', severity: 'error', description: 'Each setting has the JSON type the schema gives it.' },
  { id: 'config/required', severity: 'error', description: 'A `host` section has `name` and `version`.' },
  {
    id: 'config/value',
    severity: 'error',
    description: 'Each value is one the schema allows (rule ids, severities, a semver host version…).',
  },
]

const SOURCE = { root: schema as SchemaNode, documentName: 'pdk.config.json' }

/**
 * Checks the contents of pdk.config.json against its schema; returns findings (rule ids
 * `config/*`), never throws. Pass the file's `text` to get lines and columns.
 */
export function validatePdkConfig(value: unknown, file?: string, text?: string): Finding[] {
  const where = file === undefined ? {} : { file }
  if (!isObject(value)) {
    return [
      {
        rule: 'config/not-object',
        severity: 'error',
        ...where,
        pointer: '',
        message: `pdk.config.json must hold a JSON object, found ${describeValue(value)}.`,
        expected: 'a JSON object such as { "host": { "name": "my-host", "version": "1.0.0" } }',
        found: describeValue(value),
        hint: 'Write one JSON object; every section in it is optional.',
      },
    ]
  }
  let errors: readonly ErrorObject[]
  try {
    if (validatePdkConfigSchema(value)) return []
    errors = validatePdkConfigSchema.errors ?? []
  } catch (error) {
    // Only a value that is not JSON data gets here (a getter that throws, a cycle…).
    return [
      {
        rule: 'config/not-object',
        severity: 'error',
        ...where,
        pointer: '',
        message: `pdk.config.json cannot be read as JSON data: ${error instanceof Error ? error.message : String(error)}.`,
        expected: 'plain JSON data',
        found: 'a value JSON cannot represent',
        hint: 'Pass the result of JSON.parse of pdk.config.json.',
      },
    ]
  }
  return schemaFindings(errors, value, SOURCE).map(({ rule, fix, ...finding }) => {
    const result: Finding = { ...finding, rule: rule.replace(/^manifest\//, 'config/'), severity: 'error', ...where }
    if (fix) Object.assign(result, { fixable: true, fix })
    const location = text === undefined ? undefined : locatePointer(text, finding.pointer)
    if (location) Object.assign(result, location)
    return result
  })
}
