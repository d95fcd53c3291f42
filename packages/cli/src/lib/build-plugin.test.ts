import { existsSync } from 'node:fs'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'
import { pluginProject } from '../../test/fixtures/build/plugin-files.js'
import { fixtureDir, PACKAGES_DIR, removeFixture } from '../../test/helpers/fixture-dir.js'
import type { BuildResult } from './build/build-types.js'
import { buildPlugin } from './build-plugin.js'

const dirs: string[] = []
async function project(overrides: Parameters<typeof pluginProject>[0] = {}): Promise<string> {
  const dir = await fixtureDir(pluginProject(overrides))
  dirs.push(dir)
  return dir
}
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})

/** Every file under `dir` with its content and modification time. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = join(entry.parentPath, entry.name)
    out[file.slice(dir.length + 1)] = `${(await stat(file)).mtimeMs}:${await readFile(file, 'utf8')}`
  }
  return out
}

const ROOT_TYPESCRIPT = join(PACKAGES_DIR, '..', 'node_modules', 'typescript')

describe('buildPlugin', () => {
  test('bundles each entry as ESM with sourcemaps and declarations, dependencies left as imports', async () => {
    const cwd = await project()
    const result = await buildPlugin({ cwd, typecheck: false })
    expect(result.errors).toEqual([])
    expect(result.ok).toBe(true)
    expect(result.target).toBe('node22.3.0')
    expect(result.outputs.map((o) => [o.file, o.kind])).toEqual([
      ['dist/greet.d.ts', 'declarations'],
      ['dist/index.d.ts', 'declarations'],
      ['dist/index.js', 'bundle'],
      ['dist/index.js.map', 'sourcemap'],
    ])
    for (const output of result.outputs) expect(output.bytes).toBe((await stat(join(cwd, output.file))).size)
    const js = await readFile(join(cwd, 'dist/index.js'), 'utf8')
    expect(js).toContain('import { definePlugin } from "@pdk/core"')
    expect(js).toContain('//# sourceMappingURL=index.js.map')
    const map = JSON.parse(await readFile(join(cwd, 'dist/index.js.map'), 'utf8'))
    expect(map.sources).toEqual(['../src/index.ts', '../src/greet.ts'])
    const dts = await readFile(join(cwd, 'dist/index.d.ts'), 'utf8')
    expect(dts).toContain('PluginDefinition<{')
    expect(dts).toContain('export { greet }')
    // The built entry really is a plugin that runs.
    const built = await import(pathToFileURL(join(cwd, 'dist/index.js')).href)
    expect(built.greet('Hi', 'Ada')).toBe('Hi, Ada!')
    expect(Object.keys(built.default.messages)).toEqual(['greet'])
  })

  test("type-checks with pdk's tsc when the project has none, and says so", async () => {
    const cwd = await project()
    const result = await buildPlugin({ cwd, declarations: false })
    expect(result.ok).toBe(true)
    expect(result.notes).toContain("The project has no TypeScript of its own: type-checked with pdk's TypeScript 6.")
    expect(result.outputs.map((o) => o.file)).toEqual(['dist/index.js', 'dist/index.js.map'])
  })

  test('a type error fails the build with file:line:column and frame, and leaves dist as it was', async () => {
    const cwd = await project({ files: { 'node_modules/typescript': { link: ROOT_TYPESCRIPT } } })
    expect((await buildPlugin({ cwd })).ok).toBe(true)
    const before = await snapshot(cwd)
    await writeFile(
      join(cwd, 'src/greet.ts'),
      'export function greet(greeting: string, name: string): string {\n  return 42\n}\n',
    )
    const result = await buildPlugin({ cwd })
    expect(result.ok).toBe(false)
    expect(result.notes).toEqual([]) // the project's own TypeScript was used
    expect(result.outputs).toEqual([])
    expect(result.errors).toHaveLength(1)
    const [error] = result.errors
    expect(error).toMatchObject({ source: 'tsc', file: 'src/greet.ts', line: 2, column: 3, code: 'TS2322' })
    expect(error?.frame).toBe(
      [
        "✘ [ERROR] Type 'number' is not assignable to type 'string'. [TS2322]",
        '',
        '    src/greet.ts:2:2:',
        '      2 │   return 42',
        '        ╵   ^',
      ].join('\n'),
    )
    expect(await snapshot(cwd)).toEqual({ ...before, 'src/greet.ts': expect.any(String) })
    // With the type-check off, the same code builds.
    expect((await buildPlugin({ cwd, typecheck: false })).ok).toBe(true)
  })

  test('a syntax error is reported once, as esbuild prints it, and no output is written', async () => {
    const cwd = await project({
      files: { 'src/greet.ts': 'export function greet(greeting: string {\n  return greeting\n}\n' },
    })
    const result = await buildPlugin({ cwd })
    expect(result.ok).toBe(false)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatchObject({ source: 'esbuild', file: 'src/greet.ts', line: 1, column: 40 })
    expect(result.errors[0]?.frame).toContain('src/greet.ts:1:39:')
    expect(result.errors[0]?.frame).toContain('1 │ export function greet(greeting: string {')
    expect(existsSync(join(cwd, 'dist'))).toBe(false)
    expect((await readdir(cwd)).sort()).toEqual(['node_modules', 'package.json', 'src', 'tsconfig.json'])
  })

  test('a failed build keeps the previous dist byte for byte and leaves no staging folder', async () => {
    const cwd = await project()
    expect((await buildPlugin({ cwd, typecheck: false })).ok).toBe(true)
    const before = await snapshot(join(cwd, 'dist'))
    await writeFile(join(cwd, 'src/greet.ts'), 'export const = 1\n')
    expect((await buildPlugin({ cwd, typecheck: false })).ok).toBe(false)
    expect(await snapshot(join(cwd, 'dist'))).toEqual(before)
    expect((await readdir(cwd)).sort()).toEqual(['dist', 'node_modules', 'package.json', 'src', 'tsconfig.json'])
  })

  test('a successful build replaces dist as a whole', async () => {
    const cwd = await project({ files: { 'dist/stale.js': 'old', 'dist/index.js': 'old' } })
    expect((await buildPlugin({ cwd, typecheck: false, declarations: false })).ok).toBe(true)
    expect((await readdir(join(cwd, 'dist'))).sort()).toEqual(['index.js', 'index.js.map'])
  })

  test('a missing entry source fails with the entry, its place in package.json and the files looked for', async () => {
    const cwd = await project({
      manifest: { exports: { '.': { import: './dist/index.js' }, './tools': { import: './dist/tools/run.js' } } },
    })
    const result = await buildPlugin({ cwd, typecheck: false })
    expect(result.ok).toBe(false)
    expect(result.errors.map((e) => e.text)).toEqual([
      'The entry "./dist/tools/run.js" (package.json#/exports/.~1tools/import) has no source: looked for src/tools/run.ts, src/tools/run.mts, src/tools/run.tsx, src/tools/run.js, src/tools/run.mjs.',
    ])
    expect(existsSync(join(cwd, 'dist'))).toBe(false)
  })

  test('several entries give one bundle each, in the folders the manifest names', async () => {
    const cwd = await project({
      manifest: { exports: { '.': { import: './dist/index.js' }, './cli': { import: './dist/bin/cli.js' } } },
      files: {
        'src/bin/cli.ts': "import { greet } from '../greet.js'\nexport const run = () => greet('Hey', 'you')\n",
      },
    })
    const result = await buildPlugin({ cwd, typecheck: false, declarations: false })
    expect(result.errors).toEqual([])
    expect(result.outputs.map((o) => o.file)).toEqual([
      'dist/bin/cli.js',
      'dist/bin/cli.js.map',
      'dist/index.js',
      'dist/index.js.map',
    ])
    const cli = await import(pathToFileURL(join(cwd, 'dist/bin/cli.js')).href)
    expect(cli.run()).toBe('Hey, you!')
  })

  test('bundleDeps inlines a CommonJS dependency, which still works through the createRequire banner', async () => {
    const dependency = {
      'node_modules/shouty/package.json': { name: 'shouty', version: '1.0.0', main: 'index.js' },
      'node_modules/shouty/index.js':
        "const { sep } = require('node:path')\nmodule.exports = (s) => s.toUpperCase() + sep\n",
      'src/greet.ts':
        // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text of a fixture
        "import shout from 'shouty'\nexport function greet(greeting: string, name: string): string {\n  return shout(`${greeting}, ${name}`)\n}\n",
      'src/shouty.d.ts': "declare module 'shouty' {\n  const shout: (s: string) => string\n  export default shout\n}\n",
    }
    const cwd = await project({ manifest: { dependencies: { shouty: '^1.0.0' } }, files: dependency })
    const external = await buildPlugin({ cwd, typecheck: false, declarations: false })
    expect(external.ok).toBe(true)
    expect(await readFile(join(cwd, 'dist/index.js'), 'utf8')).toContain('from "shouty"')

    const inlined = await buildPlugin({ cwd, typecheck: false, declarations: false, bundleDeps: true })
    expect(inlined.ok).toBe(true)
    const js = await readFile(join(cwd, 'dist/index.js'), 'utf8')
    expect(js).not.toContain('from "shouty"')
    expect(js).toContain('createRequire')
    // A peer dependency is the host's: never inlined.
    expect(js).toContain('import { definePlugin } from "@pdk/core"')
    // shouty's require('node:path') throws "Dynamic require is not supported" in ESM without the banner.
    const built = await import(`${pathToFileURL(join(cwd, 'dist/index.js')).href}?inlined`)
    expect(built.greet('hi', 'ada')).toBe('HI, ADA/')
  })

  test('metafile and minify', async () => {
    const cwd = await project()
    const plain = await buildPlugin({ cwd, typecheck: false, declarations: false })
    const plainSize = plain.outputs.find((o) => o.file === 'dist/index.js')?.bytes ?? 0
    const result = await buildPlugin({ cwd, typecheck: false, declarations: false, metafile: true, minify: true })
    expect(result.ok).toBe(true)
    expect(Object.keys(result.metafile?.inputs ?? {}).sort()).toEqual(['src/greet.ts', 'src/index.ts'])
    const written = JSON.parse(await readFile(join(cwd, 'dist/metafile.json'), 'utf8'))
    expect(written).toEqual(result.metafile)
    expect(result.outputs.find((o) => o.file === 'dist/index.js')?.bytes).toBeLessThan(plainSize)
  })

  test('exports "types" that the declarations do not produce fail the build', async () => {
    const cwd = await project({
      manifest: { exports: { '.': { types: './dist/main.d.ts', import: './dist/index.js' } } },
    })
    const result = await buildPlugin({ cwd, typecheck: false })
    expect(result.ok).toBe(false)
    expect(result.errors[0]?.text).toBe(
      '"./dist/main.d.ts" (package.json#/exports/./types) is not produced by the build.',
    )
  })

  test('no package.json is an error that names the folder', async () => {
    const cwd = await fixtureDir({ 'src/index.ts': 'export {}' })
    dirs.push(cwd)
    await expect(buildPlugin({ cwd })).rejects.toMatchObject({ code: 'PDK_NOT_FOUND' })
  })

  test('watch rebuilds on save, reports each build, keeps dist on a broken save and stops on abort', async () => {
    const cwd = await project()
    const results: BuildResult[] = []
    const waiters: (() => void)[] = []
    const next = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (results.length >= count ? resolve() : waiters.push(check))
        check()
      })
    const controller = new AbortController()
    const done = buildPlugin({
      cwd,
      watch: true,
      typecheck: false,
      signal: controller.signal,
      onRebuild: (result) => {
        results.push(result)
        for (const waiter of waiters.splice(0)) waiter()
      },
    })
    await next(1)
    expect(results[0]).toMatchObject({ ok: true, build: 1 })
    // Saved right after the first build: watching started before it, so this is heard.
    await writeFile(
      join(cwd, 'src/greet.ts'),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text of a fixture
      'export function greet(g: string, n: string): string {\n  return `${g} ${n}?`\n}\n',
    )
    await next(2)
    expect(results[1]).toMatchObject({ ok: true, build: 2 })
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text of a fixture
    expect(await readFile(join(cwd, 'dist/index.js'), 'utf8')).toContain('${g} ${n}?')
    const good = await snapshot(join(cwd, 'dist'))
    await writeFile(join(cwd, 'src/greet.ts'), 'export function greet(g: string {\n')
    await next(3)
    expect(results[2]).toMatchObject({ ok: false, build: 3 })
    expect(results[2]?.errors[0]?.file).toBe('src/greet.ts')
    expect(await snapshot(join(cwd, 'dist'))).toEqual(good)
    controller.abort()
    const last = await done
    expect(last.build).toBe(3)
  })
})
