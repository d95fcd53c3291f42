import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Finding } from '@pdk/core'
import { findPackage } from '@pdk/core/readable-paths'
// One function at a time, as @pdk/core imports them: semver's index loads all of semver.
import satisfies from 'semver/functions/satisfies.js'
import intersects from 'semver/ranges/intersects.js'
import minVersion from 'semver/ranges/min-version.js'
import validRange from 'semver/ranges/valid.js'
import { isObject } from './entry-targets.js'

const FILE = 'package.json'

/** The Node range and version of a @pdk/core: the project's own when installed, else pdk's. */
export interface CoreInfo {
  version: string
  engines: string | undefined
  /** Where that @pdk/core was found, for messages. */
  where: 'project' | 'pdk'
}

/** The @pdk/core the plugin will meet: the one installed in the project, else the one pdk runs with. */
export async function findCore(cwd: string): Promise<CoreInfo | undefined> {
  const read = async (dir: string | undefined) => {
    if (dir === undefined) return undefined
    try {
      return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>
    } catch {
      return undefined
    }
  }
  const own = await read(await findPackage('@pdk/core', cwd))
  // import.meta.resolve names dist/index.js; the package is two folders up.
  const pkg = own ?? (await read(dirname(dirname(fileURLToPath(import.meta.resolve('@pdk/core'))))))
  if (!pkg || typeof pkg.version !== 'string') return undefined
  const engines = isObject(pkg.engines) && typeof pkg.engines.node === 'string' ? pkg.engines.node : undefined
  return { version: pkg.version, engines, where: own ? 'project' : 'pdk' }
}

/** `package/engines-node`: set, a valid range, and it admits a Node version @pdk/core runs on. */
export function checkEnginesNode(pkg: Record<string, unknown>, core: CoreInfo | undefined): Finding[] {
  const engines = pkg.engines
  const range = isObject(engines) ? engines.node : undefined
  const coreRange = core?.engines ?? '>=22'
  if (range === undefined) {
    return [
      {
        rule: 'package/engines-node',
        severity: 'warn',
        file: FILE,
        pointer: isObject(engines) ? '/engines' : '',
        message: `package.json does not say which Node versions the plugin needs ("engines.node"); @pdk/core needs ${coreRange}.`,
        expected: 'a semver range such as ">=22"',
        found: 'nothing',
        hint: `Add "engines": { "node": "${coreRange}" } to package.json.`,
      },
    ]
  }
  if (typeof range !== 'string' || validRange(range) === null) {
    return [
      {
        rule: 'package/engines-node',
        severity: 'error',
        file: FILE,
        pointer: '/engines/node',
        message: `"engines.node" ${JSON.stringify(range)} is not a valid semver range.`,
        expected: 'a semver range such as ">=22"',
        found: JSON.stringify(range),
        hint: `Write a range npm understands, e.g. "${coreRange}".`,
      },
    ]
  }
  if (!intersects(range, coreRange)) {
    return [
      {
        rule: 'package/engines-node',
        severity: 'error',
        file: FILE,
        pointer: '/engines/node',
        message: `"engines.node" "${range}" admits no Node version that @pdk/core runs on (${coreRange}).`,
        expected: `a range that overlaps ${coreRange}`,
        found: JSON.stringify(range),
        hint: `Use "${coreRange}" or a range inside it.`,
      },
    ]
  }
  return []
}

/** `package/core-peer`: `@pdk/core` is a peer dependency with a valid range that accepts the @pdk/core the plugin will meet. */
export function checkCorePeer(pkg: Record<string, unknown>, core: CoreInfo | undefined): Finding[] {
  const peers = isObject(pkg.peerDependencies) ? pkg.peerDependencies : {}
  const range = peers['@pdk/core']
  const suggested = core ? `^${core.version}` : '*'
  if (range === undefined) {
    const inDeps = isObject(pkg.dependencies) && '@pdk/core' in pkg.dependencies
    return [
      {
        rule: 'package/core-peer',
        severity: 'warn',
        file: FILE,
        pointer: inDeps ? '/dependencies/@pdk~1core' : isObject(pkg.peerDependencies) ? '/peerDependencies' : '',
        message: inDeps
          ? '"@pdk/core" is a dependency, but a plugin must share its host\'s @pdk/core: it belongs in "peerDependencies".'
          : 'package.json does not say which @pdk/core the plugin works with ("peerDependencies" has no "@pdk/core").',
        expected: `"peerDependencies": { "@pdk/core": "${suggested}" }`,
        found: 'nothing',
        hint: `Add "peerDependencies": { "@pdk/core": "${suggested}" }${inDeps ? ' and move it from "dependencies" to "devDependencies"' : ''}.`,
      },
    ]
  }
  const pointer = '/peerDependencies/@pdk~1core'
  if (typeof range !== 'string') {
    return [
      {
        rule: 'package/core-peer',
        severity: 'error',
        file: FILE,
        pointer,
        message: `"peerDependencies" "@pdk/core" is ${JSON.stringify(range)}, expected a semver range.`,
        found: JSON.stringify(range),
        hint: `Write "@pdk/core": "${suggested}".`,
      },
    ]
  }
  // pnpm and yarn rewrite `workspace:` ranges when they pack; check the range they will write.
  const written = range.startsWith('workspace:') ? range.slice('workspace:'.length) : range
  const effective = ['*', '^', '~', ''].includes(written) ? '*' : written
  if (validRange(effective) === null) {
    return [
      {
        rule: 'package/core-peer',
        severity: 'error',
        file: FILE,
        pointer,
        message: `"peerDependencies" "@pdk/core" "${range}" is not a valid semver range.`,
        expected: 'a semver range',
        found: JSON.stringify(range),
        hint: `Write "@pdk/core": "${suggested}".`,
      },
    ]
  }
  if (minVersion(effective) === null || (core && !satisfies(core.version, effective, { includePrerelease: true }))) {
    const against = core
      ? `@pdk/core ${core.version} (${core.where === 'project' ? 'installed in the project' : 'the version pdk runs'})`
      : 'any version'
    return [
      {
        rule: 'package/core-peer',
        severity: 'error',
        file: FILE,
        pointer,
        message: `"peerDependencies" "@pdk/core" "${range}" does not accept ${against}.`,
        expected: `a range that accepts ${core?.version ?? 'a released version'}`,
        found: JSON.stringify(range),
        hint: `Use "${suggested}", or install the @pdk/core the range names.`,
      },
    ]
  }
  return []
}

/** `package/host-range`: `pdk.host.range` admits at least one version (validity itself is `manifest/range`). */
export function checkHostRange(pkg: Record<string, unknown>): Finding[] {
  const host = isObject(pkg.pdk) && isObject(pkg.pdk.host) ? pkg.pdk.host : undefined
  const range = host?.range
  if (typeof range !== 'string' || validRange(range) === null) return []
  if (minVersion(range) !== null) return []
  return [
    {
      rule: 'package/host-range',
      severity: 'error',
      file: FILE,
      pointer: '/pdk/host/range',
      message: `"pdk.host.range" "${range}" admits no version at all: no host could load the plugin.`,
      expected: 'a satisfiable range such as "^1.0.0"',
      found: JSON.stringify(range),
      hint: 'Write the host API versions the plugin works with, e.g. "^1.2.0".',
    },
  ]
}

/** The compatibility ranges: `engines.node`, the `@pdk/core` peer range and `pdk.host.range`. */
export async function checkCompatibility(cwd: string, pkg: Record<string, unknown>): Promise<Finding[]> {
  const core = await findCore(cwd)
  return [...checkEnginesNode(pkg, core), ...checkCorePeer(pkg, core), ...checkHostRange(pkg)]
}
