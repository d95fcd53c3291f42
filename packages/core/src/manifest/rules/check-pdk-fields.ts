import { describeValue, quote } from '../describe-value.js'
import { didYouMean } from '../did-you-mean.js'
import { childPointer } from '../json-pointer.js'
import { isObject, type RuleContext } from '../rule-context.js'

/** The `pdk.manifestVersion` values this pdk reads. */
export const SUPPORTED_MANIFEST_VERSIONS: readonly number[] = [1]

/** The kinds pdk knows without a host declaring them. */
export const BUILTIN_KINDS = ['system', 'integration', 'extension'] as const

/** The isolation modes, least to most isolated. */
export const ISOLATION_MODES = ['none', 'worker', 'process'] as const

/** Bounds of each `pdk.limits` field, inclusive. */
export const LIMIT_BOUNDS: Readonly<Record<string, readonly [min: number, max: number, unit: string]>> = {
  memoryMb: [16, 8192, 'MB'],
  startTimeoutMs: [1, 600_000, 'ms'],
  stopTimeoutMs: [1, 600_000, 'ms'],
  callTimeoutMs: [1, 600_000, 'ms'],
}

/** `manifest/manifest-version`: a format version this pdk knows. */
export function checkManifestVersion({ pdk, report }: RuleContext): void {
  if (!pdk || !('manifestVersion' in pdk)) return
  const value = pdk.manifestVersion
  if (typeof value === 'number' && SUPPORTED_MANIFEST_VERSIONS.includes(value)) return
  reportManifestVersion(value, report)
}

// Reports are built apart from the checks, which a host runs for every plugin it boots and which
// V8 optimises sooner when they are small.
function reportManifestVersion(value: unknown, report: RuleContext['report']): void {
  const known = SUPPORTED_MANIFEST_VERSIONS.join(', ')
  report({
    rule: 'manifest/manifest-version',
    pointer: '/pdk/manifestVersion',
    message: `pdk.manifestVersion must be a version this pdk knows (${known}), found ${describeValue(value)}.`,
    expected: known,
    found: describeValue(value),
    hint:
      typeof value === 'number' && value > Math.max(...SUPPORTED_MANIFEST_VERSIONS)
        ? 'This manifest is newer than this pdk: update @pdk/core and @pdk/cli, or write manifestVersion 1.'
        : 'Set "manifestVersion": 1.',
    ...(typeof value === 'string' && Number(value) === 1
      ? { fix: { op: 'set' as const, pointer: '/pdk/manifestVersion', value: 1 } }
      : {}),
  })
}

/** `manifest/kind`: a warning when the kind is a near miss of a built-in kind (`extention`). */
export function checkKind({ pdk, report }: RuleContext): void {
  const kind = pdk?.kind
  if (typeof kind !== 'string' || (BUILTIN_KINDS as readonly string[]).includes(kind)) return
  reportKind(kind, report)
}

function reportKind(kind: string, report: RuleContext['report']): void {
  const [suggestion, ...ties] = didYouMean(kind, BUILTIN_KINDS)
  if (suggestion === undefined || ties.length > 0) return
  report({
    rule: 'manifest/kind',
    pointer: '/pdk/kind',
    message: `pdk.kind is ${quote(kind)}, which looks like the built-in kind ${quote(suggestion)}; only a host that declares ${quote(kind)} will load it.`,
    expected: `${BUILTIN_KINDS.join(', ')} or a kind your host declares`,
    found: quote(kind),
    hint: `Did you mean ${quote(suggestion)}?`,
  })
}

/** `manifest/isolation`: one of `none`, `worker`, `process`, with a did-you-mean. */
export function checkIsolation({ pdk, report }: RuleContext): void {
  if (!pdk || !('isolation' in pdk)) return
  const value = pdk.isolation
  if ((ISOLATION_MODES as readonly unknown[]).includes(value)) return
  const [suggestion, ...ties] = typeof value === 'string' ? didYouMean(value, ISOLATION_MODES) : []
  const clear = suggestion !== undefined && ties.length === 0
  report({
    rule: 'manifest/isolation',
    pointer: '/pdk/isolation',
    message: `pdk.isolation must be "none", "worker" or "process", found ${describeValue(value)}.`,
    expected: '"none", "worker" or "process"',
    found: describeValue(value),
    hint: clear
      ? `Did you mean ${quote(suggestion)}?`
      : 'Name the least isolation the plugin accepts: "none" (default), "worker" or "process".',
  })
}

/** `manifest/limits`: positive integers within each limit's bounds. */
export function checkLimits({ pdk, report }: RuleContext): void {
  if (!isObject(pdk?.limits)) return
  for (const [key, value] of Object.entries(pdk.limits)) {
    const bounds = LIMIT_BOUNDS[key]
    // Unknown keys and non-numbers are reported by the schema (unknown-key, type).
    if (bounds === undefined || typeof value !== 'number') continue
    const [min, max, unit] = bounds
    if (Number.isInteger(value) && value >= min && value <= max) continue
    const pointer = childPointer('/pdk/limits', key)
    const expected = `an integer from ${min} to ${max} (${unit})`
    report({
      rule: 'manifest/limits',
      pointer,
      message: `pdk.limits.${key} must be ${expected}, found ${describeValue(value)}.`,
      expected,
      found: describeValue(value),
      hint: Number.isInteger(value)
        ? `Use a value between ${min} and ${max}${value > max ? `; ${max} ${unit} is the most a host allows` : ''}.`
        : `Round it to a whole number of ${unit}, for example ${Math.min(max, Math.max(min, Math.round(value)))}.`,
    })
  }
}
