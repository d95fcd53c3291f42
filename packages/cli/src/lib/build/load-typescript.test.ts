import { execFile } from 'node:child_process'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, test } from 'vitest'
import { pluginProject } from '../../../test/fixtures/build/plugin-files.js'
import { fixtureDir, PACKAGES_DIR, removeFixture } from '../../../test/helpers/fixture-dir.js'

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})

// The loader keeps TypeScript once per process, so each case is a fresh Node process running the
// built module: it enables Node's compile cache in CACHE_DIR (as bin/run.js does in the default
// folder), or not at all, emits the fixture's declarations and prints them.
const emitDeclarationsUrl = pathToFileURL(
  join(PACKAGES_DIR, 'cli', 'dist', 'lib', 'build', 'emit-declarations.js'),
).href
const script = [
  "import module from 'node:module'",
  'if (process.env.CACHE_DIR) module.enableCompileCache(process.env.CACHE_DIR)',
  `const { emitDeclarations } = await import(${JSON.stringify(emitDeclarationsUrl)})`,
  "const out = await emitDeclarations(process.cwd(), ['src/index.ts'])",
  'process.stdout.write(JSON.stringify({ files: Object.fromEntries(out.files), errors: out.errors }))',
].join('\n')

async function emitInChild(cwd: string, cacheDir?: string): Promise<unknown> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    env: { ...process.env, CACHE_DIR: cacheDir ?? '', NODE_DISABLE_COMPILE_CACHE: undefined },
  })
  return JSON.parse(stdout)
}

/** The code cache files the loader wrote under `dir`. */
async function codeCaches(dir: string): Promise<string[]> {
  const files = await readdir(dir, { recursive: true })
  return files
    .filter((file) => /(^|\/)pdk\/typescript-[^/]+\.v8cache$/.test(file))
    .map((file) => join(dir, file))
    .sort()
}

describe('loadTypeScript', () => {
  test('with a code cache: written after the first emit, used as is after, replaced when V8 refuses it; declarations the same every time', async () => {
    const cwd = await fixtureDir(pluginProject())
    const cacheDir = await fixtureDir({}, 'pdk-compile-cache-')
    dirs.push(cwd, cacheDir)

    const plain = await emitInChild(cwd)
    expect(plain).toMatchObject({ errors: [], files: { 'index.d.ts': expect.stringContaining('PluginDefinition') } })

    expect(await emitInChild(cwd, cacheDir)).toEqual(plain)
    const [cache, ...more] = await codeCaches(cacheDir)
    expect(more).toEqual([])
    const written = await stat(cache as string)
    // It holds the functions the emit compiled, not only those that ran while the file loaded.
    expect(written.size).toBeGreaterThan(1_000_000)

    expect(await emitInChild(cwd, cacheDir)).toEqual(plain)
    expect((await stat(cache as string)).mtimeMs).toBe(written.mtimeMs)

    // A damaged cache is refused by V8: TypeScript compiles from source and a new cache replaces it.
    await writeFile(cache as string, (await readFile(cache as string)).subarray(0, 4096))
    expect(await emitInChild(cwd, cacheDir)).toEqual(plain)
    expect((await stat(cache as string)).size).toBeGreaterThan(1_000_000)
    expect(await codeCaches(cacheDir)).toEqual([cache])
  })

  test('an emit that stops at errors leaves a partial cache, which the next complete emit replaces', async () => {
    const cwd = await fixtureDir(pluginProject())
    const broken = await fixtureDir(
      pluginProject({ files: { 'src/greet.ts': 'export function greet(g: string {\n}\n' } }),
    )
    const cacheDir = await fixtureDir({}, 'pdk-compile-cache-')
    dirs.push(cwd, broken, cacheDir)

    const failed = (await emitInChild(broken, cacheDir)) as { errors: unknown[] }
    expect(failed.errors.length).toBeGreaterThan(0)
    const [partial, ...more] = await codeCaches(cacheDir)
    expect(partial).toMatch(/\.partial\.v8cache$/)
    expect(more).toEqual([])
    const written = await stat(partial as string)
    expect(await emitInChild(broken, cacheDir)).toEqual(failed)
    expect((await stat(partial as string)).mtimeMs).toBe(written.mtimeMs)

    expect(await emitInChild(cwd, cacheDir)).toEqual(await emitInChild(cwd))
    const [complete, ...others] = await codeCaches(cacheDir)
    expect(complete).toBe((partial as string).replace('.partial.v8cache', '.v8cache'))
    expect(others).toEqual([])
  })
})
