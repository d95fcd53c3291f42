import { existsSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { pluginProject } from '../../test/fixtures/build/plugin-files.js'
import { fixtureDir, removeFixture } from '../../test/helpers/fixture-dir.js'
import { docsPlugin } from './docs-plugin.js'

const dirs: string[] = []
async function project(overrides: Parameters<typeof pluginProject>[0] = {}): Promise<string> {
  const dir = await fixtureDir(pluginProject(overrides))
  dirs.push(dir)
  return dir
}
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})

const documented = {
  'src/greet.ts': [
    '/** Builds a greeting. */',
    'export function greet(',
    '  /** The word to start with. */ greeting: string,',
    '  /** Who is greeted. */ name: string,',
    '): string {',
    '  return greeting + ", " + name',
    '}',
    '',
  ].join('\n'),
}

describe('docsPlugin', () => {
  test('markdown: typedoc pages of the entry and a manifest page, in docs/api', async () => {
    const cwd = await project({ files: documented })
    const result = await docsPlugin({ cwd })
    expect(result.errors).toEqual([])
    expect(result.ok).toBe(true)
    expect(result.out).toBe('docs/api')
    expect(result.files).toContain('manifest.md')
    expect(result.files).toContain('README.md')
    const api = (
      await Promise.all(
        result.files.filter((f) => f !== 'manifest.md').map((f) => readFile(join(cwd, 'docs/api', f), 'utf8')),
      )
    ).join('\n')
    expect(api).toContain('Builds a greeting.')
    expect(api).toContain('Who is greeted.')
    const page = await readFile(join(cwd, 'docs/api/manifest.md'), 'utf8')
    expect(page).toContain('# pdk-plugin-fixture 1.0.0')
    expect(page).toContain('- Kind: `extension`, an extension plugin: adds features to the host.')
    expect(page).toContain('- Host: `example-host`, versions `^1.0.0`.')
    expect(page).toContain('- `greeting`')
    expect(page).toContain('- Starts when the host starts (`onStartup`).')
    expect(page).toContain('- Connect over the network to `api.example.com` on port 443.')
    expect(page).toContain('- Read the environment variable `GREETER_GREETING`.')
    expect(page).toContain('| Setting | Type | Default | Required | Description |')
    expect(page).toContain('| `greeting` | string | `"Hello"` | no | The word a greeting starts with. |')
    // Nothing but the docs folder was added to the project.
    expect((await readdir(cwd)).sort()).toEqual(['docs', 'node_modules', 'package.json', 'src', 'tsconfig.json'])
  })

  test('html into --out, for a plugin with no TSDoc at all', async () => {
    const cwd = await project()
    const result = await docsPlugin({ cwd, out: 'site', format: 'html' })
    expect(result.ok).toBe(true)
    expect(result.files).toContain('index.html')
    expect(result.files).toContain('manifest.html')
    const page = await readFile(join(cwd, 'site/manifest.html'), 'utf8')
    expect(page).toContain('<h1>pdk-plugin-fixture 1.0.0</h1>')
    expect(page).toContain('<td><code>greeting</code></td><td>string</td><td><code>&quot;Hello&quot;</code></td>')
    const index = await readFile(join(cwd, 'site/index.html'), 'utf8')
    expect(index).toContain('pdk-plugin-fixture')
  })

  test('a typedoc failure names the place, exits not ok and leaves the previous docs as they were', async () => {
    const cwd = await project()
    expect((await docsPlugin({ cwd })).ok).toBe(true)
    const before = await readdir(join(cwd, 'docs/api'), { recursive: true })
    const readme = await readFile(join(cwd, 'docs/api/README.md'), 'utf8')
    await writeFile(
      join(cwd, 'src/greet.ts'),
      'export function greet(greeting: string): string {\n  return greeting * 2\n}\n',
    )
    const result = await docsPlugin({ cwd })
    expect(result.ok).toBe(false)
    expect(result.files).toEqual([])
    expect(result.errors[0]).toMatchObject({ level: 'error', file: 'src/greet.ts', line: 2, column: 3 })
    expect(result.errors[0]?.text).toBe("Type 'number' is not assignable to type 'string'. [TS2322]")
    expect(await readdir(join(cwd, 'docs/api'), { recursive: true })).toEqual(before)
    expect(await readFile(join(cwd, 'docs/api/README.md'), 'utf8')).toBe(readme)
    expect((await readdir(join(cwd, 'docs'))).sort()).toEqual(['api'])
  })

  test('a failure on a first run leaves no docs folder behind', async () => {
    const cwd = await project({ files: { 'src/greet.ts': 'export const x: string = 1\n' } })
    const result = await docsPlugin({ cwd })
    expect(result.ok).toBe(false)
    expect(existsSync(join(cwd, 'docs'))).toBe(false)
  })

  test('a missing entry source is reported with its place in package.json', async () => {
    const cwd = await project({ manifest: { exports: { '.': { import: './dist/main.js' } } } })
    const result = await docsPlugin({ cwd })
    expect(result.ok).toBe(false)
    expect(result.errors[0]?.text).toContain('"./dist/main.js" (package.json#/exports/./import) has no source')
  })

  test('refuses an --out that would replace the plugin itself', async () => {
    const cwd = await project()
    await expect(docsPlugin({ cwd, out: '.' })).rejects.toMatchObject({ code: 'PDK_USAGE' })
    await expect(docsPlugin({ cwd, out: 'src' })).rejects.toMatchObject({ code: 'PDK_USAGE' })
    await expect(docsPlugin({ cwd, out: '..' })).rejects.toMatchObject({ code: 'PDK_USAGE' })
  })
})
