import { isObject } from './rule-context.js'

/** Where a plugin's entry comes from: its path (as written, relative to the package folder) and the field that gave it. */
export interface ManifestEntry {
  path: string
  /** JSON pointer of the field: `/pdk/entry`, `/exports/./import`, `/main`… */
  pointer: string
}

// ESM plugins are loaded with `import`, so these conditions apply, in this order.
const CONDITIONS = ['import', 'node', 'default'] as const

function fromTarget(target: unknown, pointer: string): ManifestEntry | undefined {
  if (typeof target === 'string') return { path: target, pointer }
  if (Array.isArray(target)) {
    for (const [index, item] of target.entries()) {
      const found = fromTarget(item, `${pointer}/${index}`)
      if (found) return found
    }
    return undefined
  }
  if (!isObject(target)) return undefined
  for (const condition of CONDITIONS) {
    if (!(condition in target)) continue
    const found = fromTarget(target[condition], `${pointer}/${condition}`)
    if (found) return found
  }
  return undefined
}

/**
 * The plugin's entry module as the manifest names it: `pdk.entry`, else `exports["."]` (its
 * `import`, `node` or `default` condition), else `main`; undefined when there is none.
 */
export function resolveManifestEntry(pkg: unknown): ManifestEntry | undefined {
  if (!isObject(pkg)) return undefined
  const pdk = pkg.pdk
  if (isObject(pdk) && typeof pdk.entry === 'string') return { path: pdk.entry, pointer: '/pdk/entry' }
  const exports = pkg.exports
  if (exports !== undefined && exports !== null) {
    const subpaths = isObject(exports) && Object.keys(exports).some((key) => key.startsWith('.'))
    const found = subpaths ? fromTarget(exports['.'], '/exports/.') : fromTarget(exports, '/exports')
    if (found) return found
  }
  if (typeof pkg.main === 'string') return { path: pkg.main, pointer: '/main' }
  return undefined
}
