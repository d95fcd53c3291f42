// What ships with the manifest contract: the compiled validators are current, the schemas are
// in dist behind the package's exports, and docs/manifest.md is generated from them.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { manifestRules, pdkConfigRules } from '@pdk/core'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain ESM script without types
import { renderManifestDoc } from '../scripts/gen-manifest-doc.mjs'

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)))
const require = createRequire(import.meta.url)
const read = (path: string) => readFileSync(path, 'utf8')

describe('the compiled schema validators', () => {
  it('are up to date with the schemas (run `node packages/core/scripts/prebuild.mjs` to update them)', () => {
    expect(() =>
      execFileSync(process.execPath, [join(pkgDir, 'scripts', 'prebuild.mjs'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow()
  })
})

describe('the published schemas', () => {
  it.each([
    ['@pdk/core/manifest.schema.json', 'src/manifest/manifest.schema.json'],
    ['@pdk/core/config.schema.json', 'src/config/pdk-config.schema.json'],
  ])('%s resolves through the exports map to the schema in src', (specifier, source) => {
    const resolved = require.resolve(specifier)
    expect(resolved).toBe(join(pkgDir, 'dist', source.replace(/^src\//, '')))
    expect(JSON.parse(read(resolved))).toEqual(JSON.parse(read(join(pkgDir, source))))
  })

  it('describe every property, for editors and for the docs', () => {
    const missing: string[] = []
    const walk = (node: unknown, path: string) => {
      if (typeof node !== 'object' || node === null) return
      const { properties, $defs } = node as {
        properties?: Record<string, { description?: string }>
        $defs?: Record<string, unknown>
      }
      for (const [key, property] of Object.entries(properties ?? {})) {
        if (!property.description) missing.push(`${path}/properties/${key}`)
        walk(property, `${path}/properties/${key}`)
      }
      for (const [key, def] of Object.entries($defs ?? {})) walk(def, `${path}/$defs/${key}`)
    }
    walk(JSON.parse(read(join(pkgDir, 'src/manifest/manifest.schema.json'))), '#')
    walk(JSON.parse(read(join(pkgDir, 'src/config/pdk-config.schema.json'))), '#')
    expect(missing).toEqual([])
  })
})

describe('docs/manifest.md', () => {
  it('is generated from the current schemas and rules (run `node packages/core/scripts/gen-manifest-doc.mjs` to update it)', () => {
    const expected = renderManifestDoc({
      manifestSchema: JSON.parse(read(join(pkgDir, 'src/manifest/manifest.schema.json'))),
      configSchema: JSON.parse(read(join(pkgDir, 'src/config/pdk-config.schema.json'))),
      manifestRules,
      configRules: pdkConfigRules,
    })
    expect(read(join(pkgDir, '..', '..', 'docs', 'manifest.md'))).toBe(expected)
  })

  it('lists every manifest rule by id', () => {
    const doc = read(join(pkgDir, '..', '..', 'docs', 'manifest.md'))
    for (const rule of manifestRules) expect(doc).toContain(`| \`${rule.id}\` |`)
  })
})
