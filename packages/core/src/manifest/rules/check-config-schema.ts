import { createRequire } from 'node:module'
import type { ErrorObject } from 'ajv'
import type { Ajv2020 } from 'ajv/dist/2020.js'
import { describeValue, quote, showValue } from '../describe-value.js'
import { didYouMean } from '../did-you-mean.js'
import { expectationOf } from '../explain-ajv-error.js'
import { childPointer, decodePointer } from '../json-pointer.js'
import { isObject, type RuleContext, type RuleFinding } from '../rule-context.js'

// ajv is loaded only when a manifest has a `config`, so importing @pdk/core stays cheap.
const require = createRequire(import.meta.url)
const DRAFT_2020 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/
const BASE = '/pdk/config'

// One ajv for every check: creating one compiles the 2020-12 meta-schema (milliseconds), which
// a host validating many plugins should pay once. Strict-mode warnings land in `warnings`. It
// is replaced now and then, because ajv keeps what it compiled.
let shared: { ajv: Ajv2020; uses: number } | undefined
const warnings: string[] = []
const RECYCLE_AFTER = 200

/** JSON Schema 2020-12's meta-schema, compiled ahead of time by scripts/prebuild.mjs with this ajv's options. */
type MetaValidator = ((schema: unknown) => boolean) & { errors?: ErrorObject[] | null }
let meta: MetaValidator | undefined

function metaValidator(): MetaValidator {
  meta ??= (require('../validate-meta-schema.generated.cjs') as { validateMetaSchema: MetaValidator })
    .validateMetaSchema
  return meta
}

function sharedAjv(): Ajv2020 {
  if (shared && shared.uses++ < RECYCLE_AFTER) return shared.ajv
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')
  const addFormats = require('ajv-formats') as typeof import('ajv-formats').default
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: 'log',
    allowUnionTypes: true,
    // Checked against the precompiled meta-schema first: compiling it here took ~100 ms.
    validateSchema: false,
    logger: { log: () => {}, warn: (...args: unknown[]) => warnings.push(args.join(' ')), error: () => {} },
  })
  addFormats(ajv)
  shared = { ajv, uses: 1 }
  return ajv
}

// Findings per config schema (by its JSON): a plugin validated again (reload, watch, a second
// host) costs nothing. Bounded.
const results = new Map<string, RuleFinding[]>()
// The same manifest object validated again (a host's discovery, then `pdk validate` in one
// process) skips even the JSON key. Assumes a config is not mutated in between, as manifests are not.
const byObject = new WeakMap<object, RuleFinding[]>()
const MAX_RESULTS = 500

/** Meta-schema errors, one per place, the most telling first (an enum with its allowed values beats anyOf). */
function metaFindings(errors: ErrorObject[]): RuleFinding[] {
  const rank = (keyword: string) => ['enum', 'type', 'const', 'minimum', 'pattern', 'format'].indexOf(keyword) >>> 0
  const best = new Map<string, ErrorObject>()
  for (const error of errors) {
    const current = best.get(error.instancePath)
    if (!current || rank(error.keyword) < rank(current.keyword)) best.set(error.instancePath, error)
  }
  return [...best.values()].map((error) => {
    const pointer = BASE + error.instancePath
    const keyword = decodePointer(error.instancePath).at(-1) ?? 'config'
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues
    const near =
      typeof error.data === 'string' && allowed ? didYouMean(error.data, allowed.map(String)) : ([] as string[])
    return {
      rule: 'manifest/config-schema',
      pointer,
      message: `pdk.config is not a valid JSON Schema: "${keyword}" at ${pointer} must be ${expectationOf(error)}, found ${describeValue(error.data)}.`,
      expected: expectationOf(error),
      found: describeValue(error.data),
      hint:
        near.length === 1
          ? `Did you mean ${quote(near[0]!)}?`
          : `Fix "${keyword}" (see https://json-schema.org/draft/2020-12/json-schema-validation).`,
    } satisfies RuleFinding
  })
}

// The plugin's own `$id` would register globally in this ajv; pdk addresses the schema by its own key.
function withoutId(config: Record<string, unknown>): Record<string, unknown> {
  const { $id: _, ...rest } = config
  return rest
}

/** Every subschema of a schema, with its pointer inside it, the schema itself first. */
function subschemas(schema: unknown, pointer = '', found: [string, Record<string, unknown>][] = []) {
  if (!isObject(schema)) return found
  found.push([pointer, schema])
  const maps = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']
  const single = ['additionalProperties', 'items', 'not', 'if', 'then', 'else', 'contains', 'unevaluatedProperties']
  const lists = ['allOf', 'anyOf', 'oneOf', 'prefixItems']
  for (const key of maps) {
    const map = schema[key]
    if (!isObject(map)) continue
    for (const [name, sub] of Object.entries(map))
      subschemas(sub, childPointer(childPointer(pointer, key), name), found)
  }
  for (const key of single) subschemas(schema[key], childPointer(pointer, key), found)
  for (const key of lists) {
    const list = schema[key]
    if (!Array.isArray(list)) continue
    for (const [index, sub] of list.entries()) subschemas(sub, childPointer(childPointer(pointer, key), index), found)
  }
  return found
}

const KEY = 'pdk-plugin-config'

function checkDefaults(config: Record<string, unknown>, ajv: Ajv2020, report: RuleContext['report']): void {
  for (const [pointer, node] of subschemas(config)) {
    if (!('default' in node)) continue
    let validate: ReturnType<Ajv2020['getSchema']>
    try {
      validate = ajv.getSchema(`${KEY}#${pointer.split('/').map(encodeURIComponent).join('/')}`)
    } catch {
      continue
    }
    if (!validate || validate(node.default)) continue
    const error = validate.errors?.[0]
    const at = error && error.instancePath !== '' ? ` (at ${error.instancePath})` : ''
    const expected = error ? expectationOf(error) : 'a value its schema allows'
    report({
      rule: 'manifest/config-default',
      pointer: `${BASE}${pointer}/default`,
      message: `The default ${showValue(node.default)} at ${BASE}${pointer} does not match its own schema${at}: expected ${expected}, found ${describeValue(error?.data ?? node.default)}.`,
      expected,
      found: describeValue(error?.data ?? node.default),
      hint: 'Change the default so that it satisfies the schema beside it, or relax that schema.',
    })
  }
}

const KEYWORDS = [
  'type',
  'properties',
  'required',
  'default',
  'description',
  'enum',
  'const',
  'items',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'additionalProperties',
  'examples',
  'title',
  'minItems',
  'maxItems',
  'uniqueItems',
  'oneOf',
  'anyOf',
  'allOf',
  '$ref',
  '$defs',
]

// ajv names an unknown keyword but not where it is: find every subschema that uses it.
function unknownKeywordFindings(keyword: string, config: Record<string, unknown>): RuleFinding[] {
  const [near, ...ties] = didYouMean(keyword, KEYWORDS)
  return subschemas(config)
    .filter(([, node]) => Object.hasOwn(node, keyword))
    .map(([at]) => ({
      rule: 'manifest/config-schema',
      severity: 'warn',
      pointer: childPointer(BASE + at, keyword),
      message: `pdk.config uses the unknown keyword ${quote(keyword)} at ${BASE + at}; validators ignore it.`,
      expected: 'JSON Schema 2020-12 keywords',
      found: quote(keyword),
      hint:
        near !== undefined && ties.length === 0
          ? `Did you mean ${quote(near)}?`
          : `Remove ${quote(keyword)}, or prefix it with "x-" if it is meant for people.`,
    }))
}

function strictWarnings(texts: readonly string[], config: Record<string, unknown>): RuleFinding[] {
  const findings: RuleFinding[] = []
  for (const text of new Set(texts)) {
    const unknown = /unknown keyword: "([^"]+)"/.exec(text)?.[1]
    if (unknown) {
      findings.push(...unknownKeywordFindings(unknown, config))
      continue
    }
    const problem = /strict mode: (.*?)(?: at "[^"]*")?(?: \(strict\w*\))?$/.exec(text)?.[1]
    if (!problem) continue
    const pointer = BASE + decodeURIComponent(/at "[^"#]*#([^"]*)"/.exec(text)?.[1] ?? '')
    findings.push({
      rule: 'manifest/config-schema',
      severity: 'warn',
      pointer,
      message: `pdk.config at ${pointer}: ${problem}.`,
      expected: 'a schema without ambiguities',
      found: 'a schema a strict validator questions',
      hint: 'Make the schema explicit (for example give "type" with "properties", "items" with "minItems").',
    })
  }
  return findings
}

/** `manifest/config-schema` and `manifest/config-default`: `config` is a valid JSON Schema of an object, and its defaults satisfy it. */
export function checkConfigSchema({ pdk, report }: RuleContext): void {
  const config = pdk?.config
  if (!isObject(config)) return
  let findings = byObject.get(config)
  if (findings === undefined) {
    const key = JSON.stringify(config)
    findings = results.get(key)
    if (findings === undefined) {
      findings = configFindings(config)
      if (results.size >= MAX_RESULTS) results.clear()
      results.set(key, findings)
    }
    byObject.set(config, findings)
  }
  for (const finding of findings) report(finding)
}

function configFindings(config: Record<string, unknown>): RuleFinding[] {
  const findings: RuleFinding[] = []
  if ('$schema' in config && !(typeof config.$schema === 'string' && DRAFT_2020.test(config.$schema))) {
    findings.push({
      rule: 'manifest/config-schema',
      pointer: `${BASE}/$schema`,
      message: `pdk.config declares "$schema" ${describeValue(config.$schema)}; pdk reads JSON Schema 2020-12 only.`,
      expected: '"https://json-schema.org/draft/2020-12/schema" or no "$schema"',
      found: describeValue(config.$schema),
      hint: 'Remove "$schema" from pdk.config (2020-12 is assumed).',
    })
    return findings
  }
  if ('type' in config && config.type !== 'object') {
    findings.push({
      rule: 'manifest/config-schema',
      pointer: `${BASE}/type`,
      message: `pdk.config must describe an object of settings, but its "type" is ${describeValue(config.type)}.`,
      expected: '"object"',
      found: describeValue(config.type),
      hint: 'Set "type": "object" and describe each setting under "properties".',
    })
  }
  const ajv = sharedAjv()
  warnings.length = 0
  // Whatever a check that failed half-way left behind.
  ajv.removeSchema(KEY)
  const validateMeta = metaValidator()
  if (!validateMeta(config)) {
    findings.push(...metaFindings(validateMeta.errors ?? []))
    return findings
  }
  try {
    ajv.addSchema(withoutId(config), KEY)
    ajv.getSchema(KEY)
  } catch (error) {
    const missing = (error as { missingRef?: string }).missingRef?.replace(`${KEY}#`, '#')
    findings.push({
      rule: 'manifest/config-schema',
      pointer: BASE,
      message: missing
        ? `pdk.config refers to ${quote(missing)}, which it does not define.`
        : `pdk.config cannot be compiled: ${(error as Error).message}.`,
      expected: 'a schema a JSON Schema validator can compile',
      found: missing ? `a $ref to ${quote(missing)}` : 'a schema that does not compile',
      hint: missing
        ? 'Define it under "$defs" in pdk.config, or fix the "$ref".'
        : 'Fix the schema part the message names.',
    })
    ajv.removeSchema(KEY)
    return findings
  }
  findings.push(...strictWarnings(warnings, config))
  checkDefaults(config, ajv, (finding) => findings.push(finding))
  ajv.removeSchema(KEY)
  return findings
}
