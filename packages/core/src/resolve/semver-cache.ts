import semver from 'semver'

// Hosts resolve thousands of plugins that share a few ranges and versions; semver parses on
// every call, so answers are memoised (bounded, cleared when full).
const satisfied = new Map<string, Map<string, boolean>>()
const validRanges = new Map<string, boolean>()
const LIMIT = 10_000

/** `semver.satisfies` with prereleases included, memoised per range and version. */
export function satisfies(version: string, range: string): boolean {
  let byVersion = satisfied.get(range)
  if (byVersion === undefined) {
    if (satisfied.size >= LIMIT) satisfied.clear()
    byVersion = new Map()
    satisfied.set(range, byVersion)
  }
  let answer = byVersion.get(version)
  if (answer === undefined) {
    answer = semver.satisfies(version, range, { includePrerelease: true })
    if (byVersion.size >= LIMIT) byVersion.clear()
    byVersion.set(version, answer)
  }
  return answer
}

/** True for a valid semver range (or version), memoised. */
export function isValidRange(range: string): boolean {
  let answer = validRanges.get(range)
  if (answer === undefined) {
    answer = semver.validRange(range) !== null
    if (validRanges.size >= LIMIT) validRanges.clear()
    validRanges.set(range, answer)
  }
  return answer
}

const validVersions = new Map<string, boolean>()

/** True for a valid semver version, memoised. */
export function isValidVersion(version: string): boolean {
  let answer = validVersions.get(version)
  if (answer === undefined) {
    answer = semver.valid(version) !== null
    if (validVersions.size >= LIMIT) validVersions.clear()
    validVersions.set(version, answer)
  }
  return answer
}
