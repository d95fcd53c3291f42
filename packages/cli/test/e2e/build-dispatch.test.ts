import { spawn } from 'node:child_process'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pluginProject } from '../fixtures/build/plugin-files.js'
import { fixtureDir, removeFixture } from '../helpers/fixture-dir.js'
import { PDK_BIN, runPdk } from '../helpers/run-pdk.js'

// bin/run.js runs a plain `pdk build …` without oclif. These tests run each command line both
// ways, the fast one under a loader hook that fails any import of @oclif/core (and, for a build
// that succeeds, of @pdk/core, which the build loads only to throw), the other with
// PDK_NO_FAST_PATH, and compare everything the user sees and every file the build wrote.
let hooks: { noOclif: string; noOclifNorCore: string }
const dirs: string[] = []
beforeAll(async () => {
  const dir = await fixtureDir({})
  dirs.push(dir)
  const hook = (names: string[]) =>
    [
      "import { registerHooks } from 'node:module'",
      `const refused = new Set(${JSON.stringify(names)})`,
      'registerHooks({ resolve(specifier, context, next) {',
      "  if (refused.has(specifier)) throw new Error(specifier + ' was loaded on the fast path')",
      '  return next(specifier, context)',
      '} })',
      '',
    ].join('\n')
  hooks = { noOclif: join(dir, 'no-oclif.mjs'), noOclifNorCore: join(dir, 'no-oclif-nor-core.mjs') }
  await writeFile(hooks.noOclif, hook(['@oclif/core']))
  await writeFile(hooks.noOclifNorCore, hook(['@oclif/core', '@pdk/core']))
})
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})
async function project(overrides: Parameters<typeof pluginProject>[0] = {}): Promise<string> {
  const dir = await fixtureDir(pluginProject(overrides))
  dirs.push(dir)
  return dir
}

/** Durations are the only thing allowed to differ between two runs. */
const timeless = (text: string) =>
  text.replace(/\d+(\.\d+)?(ms|s)\b/g, '<time>').replace(/"durationMs": \d+/g, '"durationMs": 0')

/** Every file of the output folder with its content (none when there is no folder). */
async function distOf(cwd: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const entries = await readdir(join(cwd, 'dist'), { recursive: true, withFileTypes: true }).catch(() => [])
  for (const entry of entries)
    if (entry.isFile())
      out[join(entry.parentPath, entry.name)] = await readFile(join(entry.parentPath, entry.name), 'utf8')
  return out
}

/** Runs `args` on each path, one after the other, each in a fresh project from `make`. */
async function bothWays(args: string[], make: () => Promise<string>, hook: string) {
  const run = async (env: Record<string, string>) => {
    const cwd = await make()
    const result = await runPdk(args, { cwd, env })
    const dist = await distOf(cwd)
    const here = (text: string) => timeless(text).replaceAll(cwd, '<dir>')
    return {
      code: result.code,
      stdout: here(result.stdout),
      stderr: here(result.stderr),
      dist: Object.fromEntries(Object.entries(dist).map(([file, text]) => [file.replace(cwd, '<dir>'), text])),
    }
  }
  const fast = await run({ NODE_OPTIONS: `--import=${hook}` })
  const oclif = await run({ PDK_NO_FAST_PATH: '1' })
  return { fast, oclif }
}

describe('pdk build without oclif', () => {
  it.each([
    ['a build with declarations, as text', ['--no-typecheck']],
    ['--json', ['--no-typecheck', '--json']],
    [
      '--no-declarations --metafile --minify --json',
      ['--no-typecheck', '--no-declarations', '--metafile', '--minify', '--json'],
    ],
    ['--bundle-deps --no-color', ['--no-typecheck', '--bundle-deps', '--no-color']],
    ['with the type-check', []],
  ])('prints, writes and exits exactly as the oclif command does: %s', async (_name, flags) => {
    const { fast, oclif } = await bothWays(['build', ...flags], () => project(), hooks.noOclifNorCore)
    expect(fast.stderr).not.toContain('was loaded on the fast path')
    expect(fast).toEqual(oclif)
    expect(fast.code).toBe(0)
    expect(Object.keys(fast.dist).length).toBeGreaterThan(1)
  })

  it('prints a --json result larger than a pipe holds whole before it exits', async () => {
    // 400 modules make a metafile of over 100 kB; the fast path exits as soon as it is written.
    const files: Record<string, string> = {
      'src/index.ts': `${Array.from({ length: 400 }, (_, i) => `export { part${i} } from './parts/part-${i}.js'`).join('\n')}\n`,
    }
    for (let i = 0; i < 400; i++) files[`src/parts/part-${i}.ts`] = `export const part${i} = ${i}\n`
    const make = () => project({ files })
    const args = ['build', '--no-typecheck', '--no-declarations', '--metafile', '--json']
    const { fast, oclif } = await bothWays(args, make, hooks.noOclifNorCore)
    expect(fast.stdout.length).toBeGreaterThan(100_000)
    expect(fast).toEqual(oclif)
    expect(Object.keys(JSON.parse(fast.stdout).metafile.inputs)).toHaveLength(401)
  })

  it.each([
    ['a syntax error', ['--no-typecheck'], { 'src/greet.ts': 'export function greet(g: string {\n}\n' }],
    [
      'a syntax error as --json',
      ['--no-typecheck', '--json'],
      { 'src/greet.ts': 'export function greet(g: string {\n}\n' },
    ],
    ['a type error', [], { 'src/greet.ts': 'export function greet(g: string, n: string): string {\n  return 42\n}\n' }],
    ['a missing entry source', ['--no-typecheck'], { 'src/index.ts': undefined }],
  ])('fails exactly as the oclif command does: %s', async (_name, flags, files) => {
    const make = async () => {
      const cwd = await project()
      for (const [file, text] of Object.entries(files)) {
        if (text === undefined) await rm(join(cwd, file))
        else await writeFile(join(cwd, file), text)
      }
      return cwd
    }
    const { fast, oclif } = await bothWays(['build', ...flags], make, hooks.noOclif)
    expect(fast.stderr).not.toContain('@oclif/core was loaded')
    expect(fast).toEqual(oclif)
    expect(fast.code).toBe(1)
    expect(fast.dist).toEqual({})
  })

  it('gives the same error for a folder that is not a plugin, as text and as JSON', async () => {
    for (const extra of [[], ['--json']]) {
      const make = async () => {
        const dir = await fixtureDir({ 'src/index.ts': 'export {}\n' })
        dirs.push(dir)
        return dir
      }
      const { fast, oclif } = await bothWays(['build', ...extra], make, hooks.noOclif)
      expect(fast).toEqual(oclif)
      expect(fast.code).toBe(1)
      expect(extra.length ? fast.stdout : fast.stderr).toContain('No package.json in')
    }
  })

  it('gives the same error for a manifest with two output folders (exit 1, the pointer named)', async () => {
    const manifest = { exports: { '.': './dist/index.js', './greet': './lib/greet.js' } }
    const { fast, oclif } = await bothWays(['build', '--json'], () => project({ manifest }), hooks.noOclif)
    expect(fast).toEqual(oclif)
    expect(fast.code).toBe(1)
    expect(JSON.parse(fast.stdout).error).toMatchObject({ code: 'PDK_BUILD_FAILED' })
  })

  it('leaves an unknown flag to oclif: exit 2 with a did-you-mean', async () => {
    const cwd = await project()
    const run = await runPdk(['build', cwd, '--no-typecheks'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Unknown flag "--no-typecheks"')
    expect(run.stderr).toContain('Did you mean "--no-typecheck"?')
    expect(await distOf(cwd)).toEqual({})
  })

  it('--watch --json runs on the fast path: NDJSON per build, stops on SIGINT with exit 0', async () => {
    const cwd = await project()
    const child = spawn(process.execPath, [PDK_BIN, 'build', '--watch', '--json', '--no-typecheck'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: `--import=${hooks.noOclifNorCore}` },
    })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk
        if (stdout.includes('\n')) resolve()
      })
      child.on('close', () => reject(new Error(`pdk exited before its first build: ${stderr}`)))
    })
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0] as string)).toMatchObject({ ok: true, build: 1, outDir: 'dist' })
    expect(stderr).toContain('Watching for changes')
    expect(stderr).not.toContain('was loaded on the fast path')
  })
})
