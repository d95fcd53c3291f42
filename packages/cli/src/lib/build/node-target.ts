import type { SemVer } from 'semver'
// The one function needed, without the rest of semver (19 of its 47 modules to load).
import minVersion from 'semver/ranges/min-version.js'

/** The Node version a plugin is built for when `engines.node` says nothing: the oldest Node pdk itself runs on. */
export const DEFAULT_NODE_TARGET = 'node22'

/** esbuild's `target` for a plugin: the lowest Node version that `engines.node` accepts (`>=22.3` → `node22.3.0`). */
export function nodeTarget(range: string | undefined): { target: string; note?: string } {
  if (!range)
    return {
      target: DEFAULT_NODE_TARGET,
      note: `package.json has no "engines.node": building for ${DEFAULT_NODE_TARGET}.`,
    }
  let min: SemVer | null = null
  try {
    min = minVersion(range)
  } catch {
    min = null
  }
  if (!min) {
    return {
      target: DEFAULT_NODE_TARGET,
      note: `"engines.node" ("${range}") is not a valid semver range: building for ${DEFAULT_NODE_TARGET}.`,
    }
  }
  return { target: `node${min.major}.${min.minor}.${min.patch}` }
}
