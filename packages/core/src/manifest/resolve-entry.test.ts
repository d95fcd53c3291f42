import { describe, expect, it } from 'vitest'
import { resolveManifestEntry } from './resolve-entry.js'

describe('resolveManifestEntry', () => {
  it.each([
    [
      'pdk.entry first',
      { pdk: { entry: './a.js' }, exports: './b.js', main: './c.js' },
      { path: './a.js', pointer: '/pdk/entry' },
    ],
    ['exports string', { pdk: {}, exports: './b.js', main: './c.js' }, { path: './b.js', pointer: '/exports' }],
    ['exports["."] string', { exports: { '.': './b.js', './x': './x.js' } }, { path: './b.js', pointer: '/exports/.' }],
    [
      'import condition',
      { exports: { '.': { types: './t.d.ts', import: './i.js', default: './d.js' } } },
      { path: './i.js', pointer: '/exports/./import' },
    ],
    [
      'nested conditions',
      { exports: { '.': { node: { import: './n.js' } } } },
      { path: './n.js', pointer: '/exports/./node/import' },
    ],
    ['root conditions', { exports: { import: './r.js' } }, { path: './r.js', pointer: '/exports/import' }],
    [
      'fallback array',
      { exports: { '.': [{ worker: './w.js' }, './f.js'] } },
      { path: './f.js', pointer: '/exports/./1' },
    ],
    ['main last', { exports: { '.': { require: './r.cjs' } }, main: './m.js' }, { path: './m.js', pointer: '/main' }],
  ])('%s', (_, pkg, entry) => {
    expect(resolveManifestEntry(pkg)).toEqual(entry)
  })

  it('is undefined without any entry, and for things that are not manifests', () => {
    expect(resolveManifestEntry({ exports: null })).toBeUndefined()
    expect(resolveManifestEntry({ exports: { './sub': './s.js' } })).toBeUndefined()
    expect(resolveManifestEntry('x')).toBeUndefined()
  })
})
