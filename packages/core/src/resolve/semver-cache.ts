import semver from 'semver'

// Hosts resolve thousands of plugins that share a few ranges and versions; semver parses on
// every call, so answers are memoised (bounded, cleared when full).
const satisfied = new Map<string, boolean>()
const validRanges = new Map<string, boolean>()
const LIMIT = 10_000

/** `semver.satisfies` with prereleases included, memoised. */
export function satisfies(version: string, range: string): boolean {
  const key = `${version}\u0000${range}`
  let answer = satisfied.get(key)
  if (answer === undefined) {
    answer = semver.satisfies(version, range, { includePrerelease: true })
    if (satisfied.size >= LIMIT) satisfied.clear()
    satisfied.set(key, answer)
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
