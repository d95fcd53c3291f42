import semverSatisfies from 'semver/functions/satisfies.js'

// Hosts resolve thousands of plugins that share a few ranges and versions; semver parses on
// every call, so answers are memoised (bounded, cleared when full).
const satisfied = new Map<string, Map<string, boolean>>()
const LIMIT = 10_000

/** `semver.satisfies` with prereleases included, memoised per range and version. */
export function satisfies(version: string, range: string): boolean {
  // A host checks one range and version over and over (every plugin's host.range, a chain's
  // dependencies): the last answer is checked first.
  if (range === last.range && version === last.version) return last.answer
  let byVersion = satisfied.get(range)
  if (byVersion === undefined) {
    if (satisfied.size >= LIMIT) satisfied.clear()
    byVersion = new Map()
    satisfied.set(range, byVersion)
  }
  let answer = byVersion.get(version)
  if (answer === undefined) {
    answer = semverSatisfies(version, range, { includePrerelease: true })
    if (byVersion.size >= LIMIT) byVersion.clear()
    byVersion.set(version, answer)
  }
  last.range = range
  last.version = version
  last.answer = answer
  return answer
}

const last: { range: string | undefined; version: string | undefined; answer: boolean } = {
  range: undefined,
  version: undefined,
  answer: false,
}
