import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findPackage, readablePaths, widenPrefixes } from './readable-paths.js'

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

/** Writes package.json files (path → object) into a new temporary folder. */
async function fixtureDir(files: Record<string, object>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pdk-readable-'))
  for (const [path, json] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), JSON.stringify(json))
  }
  return dir
}

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
    await mkdir(join(root, 'plugin/node_modules'), { recursive: true })
    await symlink(join(root, 'store/dep-real'), join(root, 'plugin/node_modules/dep'), 'dir')
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
