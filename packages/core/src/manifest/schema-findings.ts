import type { ErrorObject } from 'ajv'
import { describeValue, quote } from './describe-value.js'
import { didYouMean } from './did-you-mean.js'
import { expectationOf } from './explain-ajv-error.js'
import { childPointer, decodePointer } from './json-pointer.js'
import type { ManifestRuleId } from './manifest-rules.js'
import type { RuleFinding } from './rule-context.js'
import { knownKeysAt, manifestSchema, type SchemaNode, schemaAt } from './schema-at.js'

// Which rule owns a value-level schema error (const, enum, pattern, bounds…), by where it is.
const RULES_BY_POINTER: [RegExp, ManifestRuleId][] = [
  [/^\/name$/, 'manifest/name'],
  [/^\/version$/, 'manifest/version'],
  [/^\/type$/, 'manifest/module-type'],
  [/^\/pdk\/manifestVersion$/, 'manifest/manifest-version'],
  [/^\/pdk\/kind$/, 'manifest/kind'],
  [/^\/pdk\/host\/range$/, 'manifest/range'],
  [/^\/pdk\/(?:optionalD|d)ependencies\/[^/]+$/, 'manifest/range'],
  [/^\/pdk\/permissions\/fs\/(?:read|write)\/\d+$/, 'manifest/fs-absolute'],
  [/^\/pdk\/permissions\/network\/\d+$/, 'manifest/network'],
  [/^\/pdk\/permissions\/env\/\d+$/, 'manifest/env'],
  [/^\/pdk\/activation\/\d+$/, 'manifest/activation'],
  [/^\/pdk\/limits\/[^/]+$/, 'manifest/limits'],
  [/^\/pdk\/isolation$/, 'manifest/isolation'],
  [/^\/pdk\/entry$/, 'manifest/entry-path'],
]

function valueAt(document: unknown, pointer: string): unknown {
  let value = document
  for (const segment of decodePointer(pointer)) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string, unknown>)[segment]
  }
  return value
}

/** Which schema the errors come from and how its document is called in messages. */
export interface SchemaSource {
  root: SchemaNode
  /** `package.json`, `pdk.config.json`. */
  documentName: string
}

const MANIFEST: SchemaSource = { root: manifestSchema, documentName: 'package.json' }

/** A field's name for messages: `/pdk/limits/memoryMb` -> `pdk.limits.memoryMb`, `''` -> `package.json`. */
export function fieldName(pointer: string, documentName = 'package.json'): string {
  const segments = decodePointer(pointer)
  if (segments.length === 0) return documentName
  return segments
    .map((s, i) =>
      /^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `${i ? '.' : ''}${s}` : `[${quote(s)}]`,
    )
    .join('')
}

function unknownKey(error: ErrorObject, document: unknown, source: SchemaSource): RuleFinding {
  const key = String((error.params as { additionalProperty: string }).additionalProperty)
  const pointer = childPointer(error.instancePath, key)
  const known = knownKeysAt(error.instancePath, source.root)
  const [suggestion, ...ties] = didYouMean(key, known)
  const clear = suggestion !== undefined && ties.length === 0
  const where = fieldName(error.instancePath, source.documentName)
  // A top-level npm field put inside `pdk` by mistake.
  const topLevel = source === MANIFEST && error.instancePath === '/pdk' && key in (manifestSchema.properties ?? {})
  const finding: RuleFinding = {
    rule: 'manifest/unknown-key',
    pointer,
    message: `Unknown key ${quote(key)} in ${where}${clear ? ` (did you mean ${quote(suggestion)}?)` : ''}.`,
    expected: `one of ${known.map((k) => quote(k)).join(', ')}`,
    found: quote(key),
    hint: clear
      ? `Rename ${quote(key)} to ${quote(suggestion)}${source === MANIFEST ? ' (`pdk validate --fix` does it)' : ''}.`
      : topLevel
        ? `${quote(key)} belongs at the top level of package.json, not inside "pdk": move it there.`
        : ties.length > 0
          ? `Did you mean one of ${[suggestion, ...ties].map((k) => quote(k!)).join(', ')}? Rename or remove it.`
          : `Remove it; ${where} allows only ${known.map((k) => quote(k)).join(', ')}.`,
  }
  if (source === MANIFEST && clear && valueAt(document, childPointer(error.instancePath, suggestion)) === undefined) {
    finding.fix = { op: 'rename-key', pointer, to: suggestion }
  }
  return finding
}

function required(error: ErrorObject, source: SchemaSource): RuleFinding {
  const key = String((error.params as { missingProperty: string }).missingProperty)
  const pointer = childPointer(error.instancePath, key)
  const description = schemaAt(pointer, source.root)?.description
  const nameOf = (p: string) => fieldName(p, source.documentName)
  if (source === MANIFEST && pointer === '/pdk') {
    return {
      rule: 'manifest/pdk-missing',
      pointer,
      message: 'package.json has no "pdk" object, so it is not a pdk plugin.',
      expected: 'a "pdk" object',
      found: 'nothing',
      hint: 'Add "pdk": { "manifestVersion": 1, "kind": "extension", "host": { "name": "HOST", "range": "^1.0.0" } }, or scaffold with `pdk init`.',
    }
  }
  return {
    rule: 'manifest/required',
    pointer,
    message: `${nameOf(pointer)} is required but missing from ${nameOf(error.instancePath)}.`,
    expected: description ? `${quote(key)}: ${description}` : quote(key),
    found: 'nothing',
    hint: `Add ${quote(key)} to ${nameOf(error.instancePath)}.`,
  }
}

// Patterns said in words; a regex is the last resort of an explanation.
const PATTERN_LABELS: [RegExp, string][] = [
  [/^\^\(0\|\[1-9\]/, 'a semver version such as "1.2.0"'],
  [/^\^\(\?:@\[a-z0-9/, 'an npm package name'],
  [/^\^\(\?:onStartup/, '"onStartup", "onMessage:TOPIC" or "onEvent:PATTERN"'],
  [/^\^\[A-Za-z_\]/, 'an environment variable name'],
  [/^\^\(\?!\[\/~\]/, 'a relative POSIX path'],
  [/^\^\(\?:\(\?:\\\*/, '"host", "host:port" or "*.domain[:port]"'],
  [/^\^\(\?:manifest\|package\)/, 'a rule id: manifest/NAME or package/NAME'],
]

function expected(error: ErrorObject): string {
  if (error.keyword === 'pattern') {
    const pattern = String((error.params as { pattern: string }).pattern)
    const label = PATTERN_LABELS.find(([re]) => re.test(pattern))?.[1]
    if (label) return label
  }
  return expectationOf(error)
}

function wrongValue(error: ErrorObject, document: unknown, source: SchemaSource): RuleFinding {
  const pointer = error.instancePath
  const value = valueAt(document, pointer)
  const expectation = expected(error)
  const byPointer = source === MANIFEST ? RULES_BY_POINTER.find(([re]) => re.test(pointer))?.[1] : undefined
  const rule: ManifestRuleId = error.keyword === 'type' ? 'manifest/type' : (byPointer ?? 'manifest/value')
  // Array items rarely carry a description of their own; their list's says what they are.
  const description =
    schemaAt(pointer, source.root)?.description ??
    (/\/\d+$/.test(pointer) ? schemaAt(pointer.replace(/\/\d+$/, ''), source.root)?.description : undefined)
  const name = fieldName(pointer, source.documentName)
  return {
    rule,
    pointer,
    message: `${name} must be ${expectation}, found ${describeValue(value)}.`,
    expected: expectation,
    found: describeValue(value),
    hint: description ? `${name}: ${description}` : `Change ${name} to ${expectation}.`,
  }
}

function propertyName(error: ErrorObject, source: SchemaSource): RuleFinding {
  const name = String((error.params as { propertyName: string }).propertyName)
  const pointer = childPointer(error.instancePath, name)
  const where = fieldName(error.instancePath, source.documentName)
  const names = schemaAt(error.instancePath, source.root)?.propertyNames as { description?: string } | undefined
  if (source === MANIFEST && /^\/pdk\/(?:optionalD|d)ependencies$/.test(error.instancePath)) {
    return {
      rule: 'manifest/dependency-name',
      pointer,
      message: `${quote(name)} in ${where} is not an npm package name.`,
      expected: 'an npm package name',
      found: quote(name),
      hint: "Use the plugin's npm name as its package.json spells it.",
    }
  }
  const expectation = (names?.description ?? 'a name the schema allows').replace(/^A /, 'a ').replace(/\.$/, '')
  return {
    rule: 'manifest/value',
    pointer,
    message: `${quote(name)} is not allowed as a key of ${where}: expected ${expectation}.`,
    expected: expectation,
    found: quote(name),
    hint: `Rename or remove ${quote(name)}.`,
  }
}

/**
 * Turns the compiled schema's errors into rule findings: friendly messages with expected and
 * found, never ajv's own text. Errors about property names are reported once, on the name.
 */
export function schemaFindings(
  errors: readonly ErrorObject[],
  document: unknown,
  source: SchemaSource = MANIFEST,
): RuleFinding[] {
  const findings: RuleFinding[] = []
  for (const error of errors) {
    // ajv reports a bad property name twice: the inner keyword (with `propertyName`) and `propertyNames`.
    if ('propertyName' in error && error.keyword !== 'propertyNames') continue
    if (error.keyword === 'additionalProperties') findings.push(unknownKey(error, document, source))
    else if (error.keyword === 'required') findings.push(required(error, source))
    else if (error.keyword === 'propertyNames') findings.push(propertyName(error, source))
    else if (error.instancePath === '' && error.keyword === 'type')
      continue // not-object is checked first
    else findings.push(wrongValue(error, document, source))
  }
  return findings
}
