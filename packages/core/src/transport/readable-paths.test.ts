import { realpath } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fixtureDir, removeFixture } from '../../../test/helpers/fixture-dir.js'
import { findPackage, readablePaths, widenPrefixes } from './readable-paths.js'

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})

describe('readablePaths', () => {
  it('follows links out of the project and finds hoisted dependencies above it, transitively', async () => {
    const root = await fixtureDir({
      'store/dep-real/package.json': { name: 'dep', version: '1.0.0', dependencies: { hoisted: '1' } },
      'node_modules/hoisted/package.json': { name: 'hoisted', version: '1.0.0' },
      'node_modules/unrelated/package.json': { name: 'unrelated', version: '1.0.0' },
      'plugin/package.json': {
        name: 'p',
        version: '1.0.0',
        dependencies: { dep: '1' },
        devDependencies: { unrelated: '1' },
      },
    })
    dirs.push(root)
    const { writeFixtureFiles } = await import('../../../test/helpers/fixture-dir.js')
    await writeFixtureFiles(root, { 'plugin/node_modules/dep': { link: join(root, 'store/dep-real') } })
    const real = await realpath(root)
    const paths = await readablePaths(join(root, 'plugin'))
    expect(paths).toContain(join(root, 'plugin'))
    expect(paths).toContain(join(root, 'plugin/node_modules/dep'))
    expect(paths).toContain(join(real, 'store/dep-real'))
    expect(paths).toContain(join(root, 'node_modules/hoisted'))
    // Dev dependencies are not installed for users: an entry must not need them.
    expect(paths.some((p) => p.includes('unrelated'))).toBe(false)
    expect(await findPackage('nothing-here', join(root, 'plugin'))).toBeUndefined()
  })
})

describe('widenPrefixes', () => {
  it('replaces a path that prefixes a sibling by its parent', () => {
    expect(widenPrefixes(['/s/node_modules/ajv', '/s/node_modules/ajv-formats', '/p', '/p/x'])).toEqual([
      '/s/node_modules',
      '/s/node_modules/ajv-formats',
      '/p',
      '/p/x',
    ])
  })
})
