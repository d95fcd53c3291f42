import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { pluginProject } from '../fixtures/build/plugin-files.js'
import { fixtureDir, removeFixture } from '../helpers/fixture-dir.js'
import { runPdk, spawnNdjson } from '../helpers/run-pdk.js'

const dirs: string[] = []
async function project(overrides: Parameters<typeof pluginProject>[0] = {}): Promise<string> {
  const dir = await fixtureDir(pluginProject(overrides))
  dirs.push(dir)
  return dir
}
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})

/** Durations vary between runs. */
const normalise = (text: string) => text.replace(/\d+(\.\d+)?(ms|s)\b/g, '<time>')

describe('pdk build', () => {
  it('prints a size table and exits 0', async () => {
    const cwd = await project()
    const run = await runPdk(['build'], { cwd })
    expect(run.stderr).not.toContain('Error')
    expect(run.code).toBe(0)
    expect(normalise(run.stdout)).toMatchInlineSnapshot(`
      "The project has no TypeScript of its own: type-checked with pdk's TypeScript 6.
      Built dist/ for node22.3.0 in <time>
        dist/greet.d.ts      71 B
        dist/index.d.ts     168 B
        dist/index.js       360 B
        dist/index.js.map   690 B
        total              1.3 kB
      "
    `)
  })

  it('--json prints the result alone on stdout', async () => {
    const cwd = await project()
    const run = await runPdk(['build', cwd, '--json', '--no-typecheck', '--no-declarations', '--metafile'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({ ok: true, outDir: 'dist', target: 'node22.3.0', errors: [], warnings: [] })
    expect(result.outputs.map((o: { file: string }) => o.file)).toEqual([
      'dist/index.js',
      'dist/index.js.map',
      'dist/metafile.json',
    ])
    expect(Object.keys(result.metafile.inputs)).toContain('src/greet.ts')
  })

  it('a syntax error: the frame as esbuild prints it, exit 1, dist kept', async () => {
    const cwd = await project()
    expect((await runPdk(['build', '--no-typecheck'], { cwd })).code).toBe(0)
    const before = await readFile(join(cwd, 'dist/index.js'), 'utf8')
    await writeFile(join(cwd, 'src/greet.ts'), 'export function greet(greeting: string {\n  return greeting\n}\n')
    const run = await runPdk(['build'], { cwd })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatchInlineSnapshot(`
      "The project has no TypeScript of its own: type-checked with pdk's TypeScript 6.
      ✘ [ERROR] Expected ")" but found "{"

          src/greet.ts:1:39:
            1 │ export function greet(greeting: string {
              ╵                                        ^

      Build failed: 1 error. dist/ was left as it was.
      "
    `)
    expect(await readFile(join(cwd, 'dist/index.js'), 'utf8')).toBe(before)
  })

  it('a folder with no package.json: an error block with a hint, exit 1', async () => {
    const cwd = await fixtureDir({ 'src/index.ts': 'export {}\n' })
    dirs.push(cwd)
    const run = await runPdk(['build'], { cwd })
    expect(run.code).toBe(1)
    expect(run.stderr.replaceAll(cwd, '<dir>')).toContain(
      'Error: No package.json in "<dir>": this folder is not a plugin project. (<dir>/package.json)\nHint: Run the command in a plugin folder, pass its path, or create one with `pdk init`.',
    )
  })

  it('--watch --json: one NDJSON line per build, rebuilds on save, stops on SIGINT with exit 0', async () => {
    const cwd = await project()
    const { child, lines, until, exited } = spawnNdjson(['build', '--watch', '--json', '--no-typecheck'], { cwd })
    await until((line) => line.build === 1)
    expect(lines[0]).toMatchObject({ ok: true, build: 1 })
    await writeFile(
      join(cwd, 'src/greet.ts'),
      'export function greet(g: string, n: string): string {\n  return g + n\n}\n',
    )
    await until((line) => line.build === 2)
    expect(lines[1]).toMatchObject({ ok: true, build: 2 })
    expect(await readFile(join(cwd, 'dist/index.js'), 'utf8')).toContain('return g + n')
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(lines).toHaveLength(2)
  })
})
