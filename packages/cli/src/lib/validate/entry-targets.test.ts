import { describe, expect, it } from 'vitest'
import { listTargets, pointerSegment, resolveEntry } from './entry-targets.js'

describe('resolveEntry', () => {
  it('takes pdk.entry first', () => {
    expect(resolveEntry({ pdk: { entry: './dist/a.js' }, main: './b.js' })).toEqual({
      target: './dist/a.js',
      pointer: '/pdk/entry',
      kind: 'js',
    })
  })
  it('then the import condition of exports["."]', () => {
    const pkg = { exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } }, main: './x.js' }
    expect(resolveEntry(pkg)).toEqual({ target: './dist/index.js', pointer: '/exports/./import', kind: 'js' })
  })
  it('follows nested conditions and string exports', () => {
    expect(resolveEntry({ exports: { '.': { import: { types: './a.d.ts', default: './a.js' } } } })?.pointer).toBe(
      '/exports/./import/default',
    )
    expect(resolveEntry({ exports: './dist/x.js' })).toEqual({ target: './dist/x.js', pointer: '/exports', kind: 'js' })
    expect(resolveEntry({ exports: { import: './dist/y.js' } })?.pointer).toBe('/exports/import')
  })
  it('then main, and nothing for odd shapes', () => {
    expect(resolveEntry({ main: './m.js' })?.pointer).toBe('/main')
    expect(resolveEntry({ pdk: { entry: 3 }, exports: 5 })).toBeUndefined()
    expect(resolveEntry({ exports: { './sub': './s.js' } })).toBeUndefined()
  })
})

describe('listTargets', () => {
  it('lists every exports target with its pointer and kind, skipping patterns', () => {
    const targets = listTargets({
      exports: {
        '.': { types: './dist/index.d.ts', import: './dist/index.js' },
        './util/*': './dist/util/*.js',
        './package.json': './package.json',
      },
      types: './dist/index.d.ts',
      main: './dist/index.js',
    })
    expect(targets).toEqual([
      { target: './dist/index.d.ts', pointer: '/exports/./types', kind: 'types' },
      { target: './dist/index.js', pointer: '/exports/./import', kind: 'js' },
      { target: './package.json', pointer: '/exports/.~1package.json', kind: 'js' },
      { target: './dist/index.js', pointer: '/main', kind: 'js' },
      { target: './dist/index.d.ts', pointer: '/types', kind: 'types' },
    ])
  })
  it('escapes pointer segments', () => {
    expect(pointerSegment('./a/b~c')).toBe('.~1a~1b~0c')
  })
})
