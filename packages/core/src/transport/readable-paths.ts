// The folders a package needs to read to load, for Node's permission model: `pdk validate`'s
// entry check and the process transport run plugins under it. Its own entry point
// (`@pdk/core/readable-paths`), so that the CLI's fast paths need not load the rest of @pdk/core.
import { readFileSync, realpathSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'

const MAX_PACKAGES = 5000

/** What the child that loads a plugin's entry may read, and the packages that make it up. */
export interface ReadableFolders {
  /** `--allow-fs-read` paths: the project, every link to a dependency and its real path, widened (see `widenPrefixes`). */
  paths: string[]
  /** The real folder of the project and of every dependency reached. */
  packages: string[]
}

/**
 * The folders a plugin's entry needs to read to load: the project and the real paths of every
 * dependency it can resolve, transitively. Workspace links and pnpm's store resolve outside
 * the project, and Node's permission model checks the real path of each file, so each link is
 * followed. `roots` are more package folders whose dependencies are needed too.
 */
export async function readablePaths(cwd: string, roots: string[] = []): Promise<string[]> {
  return (await readableFolders(cwd, roots)).paths
}

/** `readablePaths`, with the real package folders it walked (what the entry check's result depends on). */
export async function readableFolders(cwd: string, roots: string[] = []): Promise<ReadableFolders> {
  const paths = new Set<string>()
  const visited = new Set<string>()
  // Breadth first. Synchronous calls: on a warm disk cache, a few hundred lookups through the
  // thread pool cost more than doing them in turn (this runs before every validation).
  let level: string[] = [cwd, ...roots]
  while (level.length > 0 && visited.size < MAX_PACKAGES) {
    const next: string[] = []
    for (const dir of level) {
      const real = realpathOrUndefined(dir)
      if (real === undefined) continue
      // Every link to a package counts, even to one already seen: CommonJS reads package.json through the link.
      paths.add(dir)
      if (visited.has(real)) continue
      visited.add(real)
      paths.add(real)
      for (const name of dependencyNames(real)) {
        const found = findPackageSync(name, real)
        if (found !== undefined) next.push(found)
      }
    }
    level = next
  }
  // Sorted: the lookups finish in any order, and the validation cache keys on these.
  return { paths: widenPrefixes([...paths]).sort(), packages: [...visited].sort() }
}

/**
 * Node 22's permission model denies the folder itself (not its files) of an allowed path that
 * is a string prefix of another allowed path (`.../node_modules/ajv` beside
 * `.../node_modules/ajv-formats`), which breaks `require`. Such a path is replaced by its
 * parent folder: in pnpm's layout that is the folder of one package's own links.
 */
export function widenPrefixes(paths: string[]): string[] {
  let current = [...new Set(paths)]
  for (let round = 0; round < 5; round++) {
    const clash = (p: string) => current.some((q) => q !== p && q.startsWith(p) && q[p.length] !== sep)
    if (!current.some(clash)) break
    current = [...new Set(current.map((p) => (clash(p) ? dirname(p) : p)))]
  }
  return current
}

/** The names a package may import once installed: dependencies, optional and peer dependencies (not dev dependencies: an entry that needs one fails for its users too). */
function dependencyNames(dir: string): string[] {
  let pkg: unknown
  try {
    // npm accepts a byte-order mark in package.json, and so does Node's resolution.
    pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8').replace(/^\uFEFF/, ''))
  } catch {
    return []
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) return []
  const fields = ['dependencies', 'optionalDependencies', 'peerDependencies']
  const names = new Set<string>()
  for (const field of fields) {
    const deps = (pkg as Record<string, unknown>)[field]
    if (typeof deps === 'object' && deps !== null && !Array.isArray(deps))
      for (const name of Object.keys(deps)) names.add(name)
  }
  return [...names].filter((name) => !name.includes('..'))
}

/** Node's lookup of a package folder: `node_modules/<name>` in `from` and each folder above it. */
export async function findPackage(name: string, from: string): Promise<string | undefined> {
  return findPackageSync(name, from)
}

/** `findPackage`, synchronously. */
export function findPackageSync(name: string, from: string): string | undefined {
  let dir = from
  for (;;) {
    const candidate = join(dir, 'node_modules', name)
    if (realpathOrUndefined(candidate) !== undefined) return candidate
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}
