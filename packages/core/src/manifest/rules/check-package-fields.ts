import { createRequire } from 'node:module'
import semverClean from 'semver/functions/clean.js'
import semverCoerce from 'semver/functions/coerce.js'
import semverValid from 'semver/functions/valid.js'
import validateName from 'validate-npm-package-name'
import { describeValue, quote } from '../describe-value.js'
import type { RuleContext } from '../rule-context.js'

// semver.org's own pattern (the schema uses the same): strict, unlike semver.valid, which
// accepts "v1.2.3" and " 1.2.3".
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/

/** `MAJOR.MINOR.PATCH` of plain numbers without leading zeros (most versions), which SEMVER accepts. */
function isPlainVersion(version: string): boolean {
  let parts = 0
  let digits = 0
  let leadingZero = false
  for (let i = 0; i < version.length; i++) {
    const c = version.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      if (digits === 0) leadingZero = c === 48
      else if (leadingZero) return false
      digits++
    } else if (c === 46 && digits > 0 && parts < 2) {
      parts++
      digits = 0
    } else {
      return false
    }
  }
  return parts === 2 && digits > 0
}

/** A name npm would accept for a new package, close to `name`. */
export function suggestPackageName(name: string): string {
  const scoped = /^@([^/]+)\/(.+)$/.exec(name)
  const clean = (part: string) =>
    part
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9._~-]+/g, '-')
      .replace(/^[._-]+/, '')
      .replace(/-+$/, '') || 'plugin'
  return (scoped ? `@${clean(scoped[1]!)}/${clean(scoped[2]!)}` : clean(name)).slice(0, 214)
}

const NO_PROBLEMS: { errors: string[]; warnings: string[] } = { errors: [], warnings: [] }
// A host validates every plugin's name and its dependencies' names at start-up. Nearly all are
// plain lowercase names, which npm's library accepts unless they are a core module's name or
// one of its two excluded names: those are answered without it. Others are remembered (bounded).

/** `/^[a-z0-9][a-z0-9._-]*$/` of at most 214 characters, without a regular expression call. */
function isPlainName(name: string): boolean {
  const length = name.length
  if (length === 0 || length > 214) return false
  for (let i = 0; i < length; i++) {
    const c = name.charCodeAt(i)
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) continue
    if (i > 0 && (c === 45 || c === 46 || c === 95)) continue
    return false
  }
  return true
}
const require = createRequire(import.meta.url)
const RESERVED = new Set<string>([
  'node_modules',
  'favicon.ico',
  ...(require('validate-npm-package-name/lib/builtin-modules.json') as string[]),
])
const validNames = new Set<string>()

/** Problems with an npm name, as npm's own library sees them: errors, or only warnings for legacy names. */
export function npmNameProblems(name: string): { errors: string[]; warnings: string[] } {
  if (isPlainName(name) && !RESERVED.has(name)) return NO_PROBLEMS
  return otherNameProblems(name)
}

// Names outside the plain form go through npm's library (apart from the check every manifest
// of a host runs, which stays small).
function otherNameProblems(name: string): { errors: string[]; warnings: string[] } {
  if (validNames.has(name)) return NO_PROBLEMS
  const result = validateName(name)
  if (!result.errors && !result.warnings) {
    if (validNames.size >= 10_000) validNames.clear()
    validNames.add(name)
    return NO_PROBLEMS
  }
  return { errors: result.errors ?? [], warnings: result.warnings ?? [] }
}

/** `manifest/name`: npm's naming rules for new packages (names only old packages may have, like capitals, included). */
export function checkName({ pkg, report }: RuleContext): void {
  const name = pkg.name
  if (typeof name !== 'string') return
  const problems = npmNameProblems(name)
  if (problems.errors.length === 0 && problems.warnings.length === 0) return
  reportName(name, problems, report)
}

// Reports are built apart from the checks, which a host runs for every plugin it boots and which
// V8 optimises sooner when they are small.
function reportName(
  name: string,
  found: { errors: string[]; warnings: string[] },
  report: RuleContext['report'],
): void {
  const problems = [...found.errors, ...found.warnings]
  const suggestion = suggestPackageName(name)
  report({
    rule: 'manifest/name',
    pointer: '/name',
    message: `The name ${quote(name)} is not a valid npm package name for a new package: ${problems.join('; ')}.`,
    expected: 'an npm package name: lowercase, URL-safe, at most 214 characters, optionally @scope/name',
    found: quote(name),
    hint:
      suggestion !== name
        ? `Rename the package, for example to ${quote(suggestion)}.`
        : 'Rename the package to a lowercase, URL-safe name.',
  })
}

/** `manifest/version`: a valid semver version, written in its clean form. */
export function checkVersion({ pkg, report }: RuleContext): void {
  const version = pkg.version
  if (typeof version !== 'string') return
  if (isPlainVersion(version) || SEMVER.test(version)) return
  reportVersion(version, report)
}

function reportVersion(version: string, report: RuleContext['report']): void {
  const cleaned = semverClean(version) ?? semverValid(semverCoerce(version))
  report({
    rule: 'manifest/version',
    pointer: '/version',
    message: `version must be a semver version (MAJOR.MINOR.PATCH), found ${quote(version)}.`,
    expected: 'a semver version such as "1.0.0" or "2.1.0-beta.1"',
    found: quote(version),
    hint: cleaned ? `Write it as ${quote(cleaned)}.` : 'Use MAJOR.MINOR.PATCH, for example "1.0.0".',
  })
}

/** `manifest/module-type`: `"type": "module"`, because plugins are ESM. */
export function checkModuleType({ pkg, report }: RuleContext): void {
  if (pkg.type === 'module') return
  reportModuleType(pkg, report)
}

function reportModuleType(pkg: Record<string, unknown>, report: RuleContext['report']): void {
  const missing = pkg.type === undefined
  report({
    rule: 'manifest/module-type',
    pointer: '/type',
    message: missing
      ? '"type" is missing; plugins are ES modules and need "type": "module".'
      : `"type" must be "module" (plugins are ES modules), found ${describeValue(pkg.type)}.`,
    expected: '"module"',
    found: missing ? 'nothing' : describeValue(pkg.type),
    hint: 'Set "type": "module" in package.json (`pdk validate --fix` does it) and build ESM output.',
    fix: { op: 'set', pointer: '/type', value: 'module' },
  })
}

// Keys that mean something only inside `pdk`. `config` and `dependencies` are not here: npm
// has top-level fields of those names.
const PDK_ONLY_KEYS = [
  'manifestVersion',
  'kind',
  'host',
  'entry',
  'capabilities',
  'activation',
  'permissions',
  'isolation',
  'limits',
]

/** The position of `key` in PDK_ONLY_KEYS, or -1 (property keys are interned: a switch compares pointers). */
function pdkOnlyIndex(key: string): number {
  switch (key) {
    case 'manifestVersion':
      return 0
    case 'kind':
      return 1
    case 'host':
      return 2
    case 'entry':
      return 3
    case 'capabilities':
      return 4
    case 'activation':
      return 5
    case 'permissions':
      return 6
    case 'isolation':
      return 7
    case 'limits':
      return 8
    default:
      return -1
  }
}

/** `manifest/misplaced-key`: a `pdk` key written at the top level, where pdk never reads it. */
export function checkMisplacedKeys({ pkg, pdk, report }: RuleContext): void {
  // One pass over the manifest's keys (as JSON and the schema see them: enumerable ones) instead
  // of a lookup per pdk key; reported in PDK_ONLY_KEYS order.
  let misplaced = 0
  for (const key in pkg) {
    const index = pdkOnlyIndex(key)
    if (index >= 0 && Object.hasOwn(pkg, key)) misplaced |= 1 << index
  }
  if (misplaced !== 0) reportMisplacedKeys(misplaced, pdk, report)
}

function reportMisplacedKeys(
  misplaced: number,
  pdk: Record<string, unknown> | undefined,
  report: RuleContext['report'],
): void {
  for (let index = 0; index < PDK_ONLY_KEYS.length; index++) {
    if ((misplaced & (1 << index)) === 0) continue
    const key = PDK_ONLY_KEYS[index]!
    const taken = pdk !== undefined && Object.hasOwn(pdk, key)
    report({
      rule: 'manifest/misplaced-key',
      pointer: `/${key}`,
      message: `${quote(key)} is at the top level of package.json, where pdk ignores it; it belongs inside "pdk".`,
      expected: `"pdk": { ${quote(key)}: … }`,
      found: `${quote(key)} at the top level`,
      hint: taken
        ? `"pdk" already has ${quote(key)}: remove the top-level one.`
        : `Move ${quote(key)} into the "pdk" object.`,
    })
  }
}
