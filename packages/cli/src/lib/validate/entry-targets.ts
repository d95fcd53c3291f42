/** A file that package.json points at, and where it says so. */
export interface Target {
  /** As written (`./dist/index.js`). */
  target: string
  /** JSON pointer of the field that names it (`/exports/./import`). */
  pointer: string
  /** `types` targets are declarations; the others are JavaScript. */
  kind: 'js' | 'types'
}

const JS_CONDITIONS = ['import', 'node', 'default']

/** Escapes one JSON pointer segment (`./a/b` → `.~1a~1b`). */
export function pointerSegment(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1')
}

/**
 * The plugin's entry as spec/manifest.md defines it: `pdk.entry`, else the `import` target of
 * `exports["."]`, else `main`. Never throws: fields of the wrong type are skipped (the
 * manifest rules report them).
 */
export function resolveEntry(pkg: Record<string, unknown>): Target | undefined {
  const pdk = pkg.pdk
  if (isObject(pdk) && typeof pdk.entry === 'string') return { target: pdk.entry, pointer: '/pdk/entry', kind: 'js' }
  const root = rootExport(pkg.exports)
  if (root) {
    const found = conditionalTarget(root.value, root.pointer)
    if (found) return found
  }
  if (typeof pkg.main === 'string') return { target: pkg.main, pointer: '/main', kind: 'js' }
  return undefined
}

/** Every file target of `exports` (patterns excepted), `main`, `types`/`typings` and `pdk.entry`. */
export function listTargets(pkg: Record<string, unknown>): Target[] {
  const targets: Target[] = []
  const pdk = pkg.pdk
  if (isObject(pdk) && typeof pdk.entry === 'string')
    targets.push({ target: pdk.entry, pointer: '/pdk/entry', kind: 'js' })
  const walk = (value: unknown, pointer: string, condition: string | undefined) => {
    if (typeof value === 'string') {
      // Subpath patterns name no single file; `null` targets block a path on purpose.
      if (!value.includes('*')) targets.push({ target: value, pointer, kind: condition === 'types' ? 'types' : 'js' })
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, `${pointer}/${i}`, condition)
    } else if (isObject(value))
      for (const [key, inner] of Object.entries(value)) {
        const next = key.startsWith('.') ? condition : key
        walk(inner, `${pointer}/${pointerSegment(key)}`, next)
      }
  }
  walk(pkg.exports, '/exports', undefined)
  if (typeof pkg.main === 'string') targets.push({ target: pkg.main, pointer: '/main', kind: 'js' })
  for (const field of ['types', 'typings'])
    if (typeof pkg[field] === 'string')
      targets.push({ target: pkg[field] as string, pointer: `/${field}`, kind: 'types' })
  return targets
}

/** `exports` for `"."`: the whole value when it is a string or only conditions, else its `"."` key. */
function rootExport(exports: unknown): { value: unknown; pointer: string } | undefined {
  if (typeof exports === 'string' || Array.isArray(exports)) return { value: exports, pointer: '/exports' }
  if (!isObject(exports)) return undefined
  const keys = Object.keys(exports)
  if (keys.length > 0 && keys.every((k) => !k.startsWith('.'))) return { value: exports, pointer: '/exports' }
  return '.' in exports ? { value: exports['.'], pointer: '/exports/.' } : undefined
}

/** The JavaScript target Node would load for `import`, following nested conditions. */
function conditionalTarget(value: unknown, pointer: string): Target | undefined {
  if (typeof value === 'string') return { target: value, pointer, kind: 'js' }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = conditionalTarget(item, `${pointer}/${i}`)
      if (found) return found
    }
    return undefined
  }
  if (!isObject(value)) return undefined
  for (const condition of Object.keys(value)) {
    if (!JS_CONDITIONS.includes(condition)) continue
    const found = conditionalTarget(value[condition], `${pointer}/${pointerSegment(condition)}`)
    if (found) return found
  }
  return undefined
}

/** A plain object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
