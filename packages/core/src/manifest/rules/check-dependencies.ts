import validRange from 'semver/ranges/valid.js'
import { quote } from '../describe-value.js'
import { childPointer } from '../json-pointer.js'
import { isObject, type RuleContext } from '../rule-context.js'
import { npmNameProblems, suggestPackageName } from './check-package-fields.js'

const MAPS = ['dependencies', 'optionalDependencies'] as const

function rangeHint(range: string): string {
  const spec = /^(workspace|file|link|npm|git\+\w+|https?):/.exec(range)?.[1]
  if (spec)
    return `pdk resolves plugin dependencies against installed plugins by semver: write a range such as "^1.0.0" instead of a ${spec}: specifier.`
  if (range.trim() === '') return 'Write a range such as "^1.0.0", or "*" to accept every version.'
  if (range === 'latest' || range === 'next')
    return 'Dist-tags are not ranges here: write a range such as "^1.0.0", or "*" for any version.'
  return 'Write a semver range such as "^1.2.0", ">=1.2.0 <3", "1.x" or "*".'
}

// Ranges repeat across plugins ("^1.0.0"); semver parses each one afresh. Bounded.
const rangeValidity = new Map<string, boolean>()
let lastRange: string | undefined
let lastValid = false

/** True when `range` is a semver range pdk accepts (an empty or blank string is not). */
export function isValidRange(range: string): boolean {
  // Most manifests of a host write the same range: the last answer is checked first.
  if (range === lastRange) return lastValid
  let valid = rangeValidity.get(range)
  if (valid === undefined) {
    valid = range.trim() !== '' && validRange(range) !== null
    if (rangeValidity.size >= 10_000) rangeValidity.clear()
    rangeValidity.set(range, valid)
  }
  lastRange = range
  lastValid = valid
  return valid
}

/** `manifest/range`: `pdk.host.range` and every plugin dependency's range are valid semver ranges. */
export function checkRanges({ pdk, report }: RuleContext): void {
  if (!pdk) return
  // Host range first, then each map in order; labels are built only for a finding.
  const host = pdk.host
  if (isObject(host) && typeof host.range === 'string' && !isValidRange(host.range)) {
    reportRange(report, 'pdk.host.range', host.range, '/pdk/host/range')
  }
  for (const map of MAPS) {
    const deps = pdk[map]
    if (!isObject(deps)) continue
    for (const name in deps) {
      const range = deps[name]
      if (typeof range !== 'string' || !Object.hasOwn(deps, name) || isValidRange(range)) continue
      reportRange(report, `pdk.${map}[${quote(name)}]`, range, childPointer(`/pdk/${map}`, name))
    }
  }
}

function reportRange(report: RuleContext['report'], label: string, range: string, pointer: string): void {
  report({
    rule: 'manifest/range',
    pointer,
    message: `${label} must be a semver range, found ${quote(range)}.`,
    expected: 'a semver range such as "^1.2.0"',
    found: quote(range),
    hint: rangeHint(range),
  })
}

/** `manifest/dependency-name`: plugin dependency names follow npm's naming rules. */
export function checkDependencyNames({ pdk, report }: RuleContext): void {
  for (const map of MAPS) {
    const deps = pdk?.[map]
    if (!isObject(deps)) continue
    for (const name in deps) {
      if (!Object.hasOwn(deps, name)) continue
      const { errors } = npmNameProblems(name)
      if (errors.length === 0) continue
      const suggestion = suggestPackageName(name)
      report({
        rule: 'manifest/dependency-name',
        pointer: childPointer(`/pdk/${map}`, name),
        message: `pdk.${map} names ${quote(name)}, which is not an npm package name: ${errors.join('; ')}.`,
        expected: "an npm package name (the plugin's package.json name)",
        found: quote(name),
        hint:
          suggestion !== name
            ? `Use the plugin's npm name, perhaps ${quote(suggestion)}.`
            : "Use the plugin's npm name as it appears in its package.json.",
      })
    }
  }
}

/** `manifest/self-dependency`: a plugin does not depend on itself. */
export function checkSelfDependency({ pkg, pdk, report }: RuleContext): void {
  if (typeof pkg.name !== 'string') return
  for (const map of MAPS) {
    const deps = pdk?.[map]
    if (!isObject(deps) || !Object.hasOwn(deps, pkg.name)) continue
    report({
      rule: 'manifest/self-dependency',
      pointer: childPointer(`/pdk/${map}`, pkg.name),
      message: `Plugin ${quote(pkg.name)} lists itself in pdk.${map}; a plugin cannot depend on itself.`,
      expected: 'other plugins only',
      found: quote(pkg.name),
      hint: `Remove ${quote(pkg.name)} from pdk.${map}.`,
    })
  }
}

/** `manifest/dependency-duplicate`: a plugin is either required or optional, not both. */
export function checkDependencyDuplicates({ pdk, report }: RuleContext): void {
  const required = pdk?.dependencies
  const optional = pdk?.optionalDependencies
  if (!isObject(required) || !isObject(optional)) return
  for (const name of Object.keys(optional)) {
    if (!Object.hasOwn(required, name)) continue
    report({
      rule: 'manifest/dependency-duplicate',
      pointer: childPointer('/pdk/optionalDependencies', name),
      message: `${quote(name)} is in both pdk.dependencies and pdk.optionalDependencies; the host treats it as required.`,
      expected: 'each plugin in one of the two maps',
      found: quote(name),
      hint: `Remove ${quote(name)} from the map where it does not belong.`,
    })
  }
}

/**
 * The four dependency rules above, in their order (`manifest/range`, `dependency-name`,
 * `self-dependency`, `dependency-duplicate`). Hosts validate thousands of manifests whose
 * dependencies are fine: one pass over each map says so; only a manifest with something to
 * report runs the rules one by one, so findings and their order are theirs exactly.
 */
export function checkDependencies(context: RuleContext): void {
  const { pkg, pdk } = context
  // Every one of the four needs `pdk`.
  if (!pdk || dependenciesClean(pkg, pdk)) return
  checkRanges(context)
  checkDependencyNames(context)
  checkSelfDependency(context)
  checkDependencyDuplicates(context)
}

// True when none of the four dependency rules has anything to report.
function dependenciesClean(pkg: Record<string, unknown>, pdk: Record<string, unknown>): boolean {
  const host = pdk.host
  if (isObject(host) && typeof host.range === 'string' && !isValidRange(host.range)) return false
  const name = pkg.name
  const required = isObject(pdk.dependencies) ? pdk.dependencies : undefined
  const optional = isObject(pdk.optionalDependencies) ? pdk.optionalDependencies : undefined
  if (required !== undefined && !mapClean(required, name, undefined)) return false
  if (optional !== undefined && !mapClean(optional, name, required)) return false
  return true
}

function mapClean(
  deps: Record<string, unknown>,
  self: unknown,
  required: Record<string, unknown> | undefined,
): boolean {
  if (typeof self === 'string' && Object.hasOwn(deps, self)) return false
  for (const dep in deps) {
    if (!Object.hasOwn(deps, dep)) continue
    const range = deps[dep]
    if (typeof range === 'string' && !isValidRange(range)) return false
    if (npmNameProblems(dep).errors.length > 0) return false
    if (required !== undefined && Object.hasOwn(required, dep)) return false
  }
  return true
}
