import { describeValue } from './describe-value.js'
import { decodePointer } from './json-pointer.js'
import { locatePointer } from './locate-pointer.js'
import { ruleSeverity } from './manifest-rules.js'
import { isObject, type RuleContext, type RuleFinding } from './rule-context.js'
import { checkConfigSchema } from './rules/check-config-schema.js'
import { checkDependencies } from './rules/check-dependencies.js'
import { checkEntry } from './rules/check-entry.js'
import { checkFsPaths } from './rules/check-fs-paths.js'
import { checkActivation, checkDuplicates, checkEnv } from './rules/check-lists.js'
import { checkNetwork } from './rules/check-network.js'
import { checkMisplacedKeys, checkModuleType, checkName, checkVersion } from './rules/check-package-fields.js'
import { checkIsolation, checkKind, checkLimits, checkManifestVersion } from './rules/check-pdk-fields.js'
import { schemaFindings } from './schema-findings.js'
import type { Finding, ManifestReport, PluginPackageJson } from './types.js'
import { validateManifestSchema } from './validate-schema.generated.js'

/** Options of `validateManifest`. */
export interface ValidateManifestOptions {
  /** The manifest's file, copied into every finding. */
  file?: string
  /** The manifest's text: findings then carry the `line` and `column` of their pointer. */
  text?: string
  /**
   * The manifest of an in-memory plugin (`createHost({ plugins: [{ manifest, definition }] })`):
   * its definition is given, so it needs no entry module and `manifest/entry-*` rules do not apply.
   * @default false
   */
  inMemory?: boolean
}

/** Reporting stops after this many findings; one more says so. */
export const MAX_FINDINGS = 200

// The semantic rules, in the order their findings read best. The schema covers shapes and types.
// Called one by one rather than through a list: a host runs them for every plugin it boots, and
// direct calls are cheaper than one call site shared by nineteen functions. Every rule from
// `checkManifestVersion` on returns at once without an object `pdk`, and the ones about an
// optional field return at once when it is absent: those are not called then (most manifests
// set few of them), which keeps the calls a host makes per manifest few and quickly optimised.
function runChecks(context: RuleContext, inMemory: boolean): void {
  checkName(context)
  checkVersion(context)
  checkModuleType(context)
  checkMisplacedKeys(context)
  const pdk = context.pdk
  if (pdk === undefined) return
  checkManifestVersion(context)
  checkKind(context)
  if (!inMemory) checkEntry(context)
  // manifest/range, dependency-name, self-dependency, dependency-duplicate:
  checkDependencies(context)
  const { activation, permissions } = pdk
  if (activation !== undefined) checkActivation(context)
  if (permissions !== undefined) {
    checkFsPaths(context)
    checkNetwork(context)
    checkEnv(context)
  }
  if (pdk.capabilities !== undefined || activation !== undefined || permissions !== undefined) checkDuplicates(context)
  if ('isolation' in pdk) checkIsolation(context)
  if (pdk.limits !== undefined) checkLimits(context)
  if (pdk.config !== undefined) checkConfigSchema(context)
}

function toFinding(finding: RuleFinding, options: ValidateManifestOptions): Finding {
  const { severity, fix, ...rest } = finding
  const result: Finding = { ...rest, severity: severity ?? ruleSeverity(finding.rule) }
  if (fix) {
    result.fixable = true
    result.fix = fix
  }
  if (options.file !== undefined) result.file = options.file
  if (options.text !== undefined) {
    const location = locatePointer(options.text, finding.pointer)
    if (location) {
      result.line = location.line
      result.column = location.column
    }
  }
  return result
}

// Document order of a pointer: each segment's index among its parent's keys; missing keys last.
function orderKey(document: unknown, pointer: string): number[] {
  const key: number[] = []
  let value = document
  for (const segment of decodePointer(pointer)) {
    if (!isObject(value) && !Array.isArray(value)) {
      key.push(Number.MAX_SAFE_INTEGER)
      break
    }
    const index = Array.isArray(value) ? Number(segment) : Object.keys(value).indexOf(segment)
    key.push(index === -1 || Number.isNaN(index) ? Number.MAX_SAFE_INTEGER : index)
    value = (value as Record<string, unknown>)[segment]
  }
  return key
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

// What the rules report into: the list is made on the first finding (most manifests have none).
// One instance serves every call (validation is synchronous and never re-entered from a rule),
// so a host validating thousands of manifests allocates no context per manifest.
class Collector implements RuleContext {
  pkg: Record<string, unknown> = {}
  pdk: Record<string, unknown> | undefined = undefined
  found: RuleFinding[] | undefined = undefined
  readonly report = (finding: RuleFinding): void => {
    if (this.found === undefined) this.found = [finding]
    else this.found.push(finding)
  }

  /** Runs every rule on `pkg`; the findings, if any. */
  run(pkg: Record<string, unknown>, inMemory: boolean): RuleFinding[] | undefined {
    this.found = undefined
    this.pkg = pkg
    const pdk = pkg.pdk
    this.pdk = isObject(pdk) ? pdk : undefined
    try {
      runChecks(this, inMemory)
      return this.found
    } finally {
      // Holds no manifest between calls.
      this.pkg = NOTHING
      this.pdk = undefined
      this.found = undefined
    }
  }
}

const NOTHING: Record<string, unknown> = Object.freeze({})
const collector = new Collector()

// ajv's generated validator takes an options object and, when it is left out, makes one and an
// empty `dynamicAnchors` map per call: two objects per manifest, thousands per boot. The schema
// has no $dynamicAnchor, so the map is only passed along, never written (frozen to make sure);
// `rootData` and the parents default to the manifest itself.
const SCHEMA_OPTIONS = Object.freeze({ instancePath: '', dynamicAnchors: Object.freeze({}) })
const validateSchema = validateManifestSchema as unknown as (data: unknown, options: object) => boolean

function collect(document: unknown, options: ValidateManifestOptions): RuleFinding[] | undefined {
  if (!isObject(document)) {
    return [
      {
        rule: 'manifest/not-object',
        pointer: '',
        message: `A manifest must be a JSON object, found ${describeValue(document)}.`,
        expected: 'a JSON object: { "name": …, "version": …, "pdk": { … } }',
        found: describeValue(document),
        hint: 'package.json must contain one JSON object; scaffold a plugin with `pdk init` to see one.',
      },
    ]
  }
  const semantic = collector.run(document, Boolean(options.inMemory))
  if (validateSchema(document, SCHEMA_OPTIONS)) return semantic
  // A semantic rule says more about its field than the schema's generic error: keep one per pointer.
  const claimed = new Set(semantic?.map((finding) => finding.pointer))
  // Whatever the schema refuses, a host refuses: schema findings are errors whichever rule they belong to.
  const structural = schemaFindings(validateManifestSchema.errors ?? [], document)
    .filter((finding) => !claimed.has(finding.pointer))
    .map((finding) => ({ ...finding, severity: 'error' as const }))
  return semantic === undefined ? structural : [...structural, ...semantic]
}

function unreadable(error: unknown): RuleFinding {
  return {
    rule: 'manifest/not-object',
    pointer: '',
    message: `The manifest cannot be read as JSON data: ${error instanceof Error ? error.message : String(error)}.`,
    expected: 'plain JSON data',
    found: 'a value JSON cannot represent (a cycle, a BigInt, a getter that throws…)',
    hint: 'Pass the result of JSON.parse of package.json.',
  }
}

/**
 * Checks a plugin's package.json against the manifest contract: the JSON Schema and every
 * `manifest/*` rule, in one pass. Never throws: every problem is a finding with rule, pointer,
 * expected, found and hint. The host runtime and `pdk validate` refuse exactly the same manifests.
 * @example const report = validateManifest(JSON.parse(text), { file: 'package.json', text })
 */
export function validateManifest(pkgJson: unknown, options: ValidateManifestOptions = {}): ManifestReport {
  return invalidManifestReport(pkgJson, options) ?? { ok: true, findings: [], manifest: pkgJson as PluginPackageJson }
}

/**
 * `validateManifest` for a host's discovery: undefined when the manifest has no findings at
 * all (the usual case, answered without a report object), else the report `validateManifest`
 * gives.
 * @internal
 */
export function invalidManifestReport(
  pkgJson: unknown,
  options: ValidateManifestOptions = {},
): ManifestReport | undefined {
  let found: RuleFinding[] | undefined
  const document = pkgJson
  try {
    found = collect(document, options)
  } catch (error) {
    // Not JSON data at all (a cycle, a getter that throws…): no copy is made up front, because
    // a host validates every plugin at start-up and JSON from disk never needs one.
    found = [unreadable(error)]
  }
  // The common case: nothing to sort, cap or locate. The rest lives in its own function, so
  // this one stays small (V8 optimises small hot functions sooner).
  if (found === undefined || found.length === 0) return undefined
  return reportOf(found, pkgJson, options)
}

function reportOf(found: RuleFinding[], pkgJson: unknown, options: ValidateManifestOptions): ManifestReport {
  const document = pkgJson
  if (found.length > 1 && isObject(document)) {
    try {
      const keys = new Map(found.map((f) => [f.pointer, orderKey(document, f.pointer)]))
      found.sort((a, b) => compareKeys(keys.get(a.pointer)!, keys.get(b.pointer)!))
    } catch {
      // A document that cannot be walked keeps the order the rules reported in.
    }
  }
  // Decided on every finding, before the cap: a hidden error still fails the report.
  const ok = !found.some((finding) => (finding.severity ?? ruleSeverity(finding.rule)) === 'error')
  if (found.length > MAX_FINDINGS) {
    const dropped = found.length - MAX_FINDINGS
    found = found.slice(0, MAX_FINDINGS)
    found.push({
      rule: 'manifest/too-many-findings',
      pointer: '',
      message: `${dropped} more finding${dropped === 1 ? '' : 's'} not shown (reporting stops after ${MAX_FINDINGS}).`,
      expected: `at most ${MAX_FINDINGS} findings`,
      found: `${MAX_FINDINGS + dropped} findings`,
      hint: 'Fix the findings shown and run again.',
    })
  }
  // Located after the cap: each location scans the text.
  const findings = found.map((finding) => toFinding(finding, options))
  return ok ? { ok, findings, manifest: pkgJson as PluginPackageJson } : { ok, findings }
}
