import { readFile, realpath } from 'node:fs/promises'
import { dirname, join, sep } from 'node:path'

const MAX_PACKAGES = 5000

/** What the child that loads a plugin's entry may read, and the packages that make it up. */
export interface ReadableFolders {
  /** `--allow-fs-read` paths: the project, every link to a dependency and its real path, widened (see `widenPrefixes`). */
  paths: string[]
  /** The real folder of the project and of every dependency reached, in the order they were found. */
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
  // Breadth first, one level at a time, each level's lookups concurrently.
  let level: string[] = [cwd, ...roots]
  while (level.length > 0 && visited.size < MAX_PACKAGES) {
    const next = await Promise.all(
      level.map(async (dir) => {
        const real = await realpath(dir).catch(() => undefined)
        if (real === undefined) return []
        // Every link to a package counts, even to one already seen: CommonJS reads package.json through the link.
        paths.add(dir)
        if (visited.has(real)) return []
        visited.add(real)
        paths.add(real)
        const names = await dependencyNames(real)
        const found = await Promise.all(names.map((name) => findPackage(name, real)))
        return found.filter((pkg): pkg is string => pkg !== undefined)
      }),
    )
    level = next.flat()
  }
  return { paths: widenPrefixes([...paths]), packages: [...visited] }
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
async function dependencyNames(dir: string): Promise<string[]> {
  let pkg: unknown
  try {
    // npm accepts a byte-order mark in package.json, and so does Node's resolution.
    pkg = JSON.parse((await readFile(join(dir, 'package.json'), 'utf8')).replace(/^\uFEFF/, ''))
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
  let dir = from
  for (;;) {
    const candidate = join(dir, 'node_modules', name)
    if (await realpath(candidate).catch(() => undefined)) return candidate
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}
