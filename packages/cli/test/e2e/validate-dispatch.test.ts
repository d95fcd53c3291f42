import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pluginFiles } from '../fixtures/validate/plugin-files.js'
import { fixtureDir, removeFixture } from '../helpers/fixture-dir.js'
import { runPdk, writeNoOclifHook } from '../helpers/run-pdk.js'

// bin/run.js runs a plain `pdk validate …` without oclif. These tests run each command line both
// ways, the fast one under a loader hook that fails any import of @oclif/core (so it provably
// never loads oclif), the other with PDK_NO_FAST_PATH, and compare everything the user sees.
let hook: string
const dirs: string[] = []
beforeAll(async () => {
  const dir = await fixtureDir({})
  dirs.push(dir)
  hook = await writeNoOclifHook(dir)
})
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})
const project = async (files: Parameters<typeof pluginFiles>[0] = {}) => {
  const dir = await fixtureDir(pluginFiles(files))
  dirs.push(dir)
  return dir
}

/** Progress lines carry how long a task took; nothing else may differ. */
const timeless = (text: string) => text.replace(/\(\d+(\.\d+)?m?s\)/g, '(…)')

async function bothWays(args: string[], cwd?: string) {
  const [fast, oclif] = await Promise.all([
    runPdk(args, { cwd, env: { NODE_OPTIONS: `--import=${hook}` } }),
    runPdk(args, { cwd, env: { PDK_NO_FAST_PATH: '1' } }),
  ])
  return { fast: { ...fast, stderr: timeless(fast.stderr) }, oclif: { ...oclif, stderr: timeless(oclif.stderr) } }
}

describe('pdk validate without oclif', () => {
  it.each([
    ['a valid plugin', [] as string[], {}, 0],
    ['findings as text', ['--strict', '--no-color'], { change: (p: Record<string, unknown>) => delete p.license }, 1],
    ['findings as --json', ['--json'], { change: (p: Record<string, unknown>) => (p.keywords = []) }, 1],
    ['--format json', ['--format', 'json'], { change: (p: Record<string, unknown>) => (p.keywords = []) }, 1],
    ['--format=sarif', ['--format=sarif'], { files: { 'dist/index.js': 'export default {}\n' } }, 1],
    ['--fix --dry-run', ['--fix', '--dry-run'], { change: (p: Record<string, unknown>) => (p.keywords = []) }, 1],
    ['misuse: --dry-run alone', ['--dry-run'], {}, 2],
    ['misuse with --json', ['--entry-timeout', 'soon', '--json'], {}, 2],
  ])('prints and exits exactly as the oclif command does: %s', async (_name, flags, files, code) => {
    const cwd = await project(files)
    const { fast, oclif } = await bothWays(['validate', cwd, '--no-typecheck', '--no-cache', ...flags])
    expect(fast.stderr).not.toContain('@oclif/core was loaded')
    expect(fast).toEqual(oclif)
    expect(fast.code).toBe(code)
  })

  it('type-checks by default on both paths (here: a tsconfig but no TypeScript, a warning)', async () => {
    const cwd = await project({ files: { 'tsconfig.json': { compilerOptions: { strict: true } } } })
    const { fast, oclif } = await bothWays(['validate', cwd, '--no-cache'])
    expect(fast).toEqual(oclif)
    expect(fast.stdout).toContain('package/typecheck-unavailable')
    const cached = await bothWays(['validate', cwd, '--json'])
    expect(cached.fast.stdout).toBe(cached.oclif.stdout)
  })

  it('gives the same error for a path that cannot be validated, as text and as JSON', async () => {
    const missing = join(dirs[0] as string, 'nothing-here')
    for (const extra of [[], ['--json']]) {
      const { fast, oclif } = await bothWays(['validate', missing, ...extra])
      expect(fast).toEqual(oclif)
      expect(fast.code).toBe(1)
    }
  })

  it('takes the path from the working folder when none is given', async () => {
    const cwd = await project()
    const { fast, oclif } = await bothWays(['validate', '--no-typecheck', '--json'], cwd)
    expect(fast).toEqual(oclif)
    expect(JSON.parse(fast.stdout)).toMatchObject({ ok: true, path: cwd })
  })

  it('gives the same report from the cache as without it', async () => {
    // A definition marked as definePlugin marks it, without importing the linked @pdk/core of this
    // checkout, whose rebuild by a concurrent build would (rightly) make the cached result stale.
    const marked = "export default Object.defineProperty({}, Symbol.for('pdk.plugin'), { value: true })\n"
    const cwd = await project({ files: { 'dist/index.js': marked } })
    const fresh = await runPdk(['validate', cwd, '--no-typecheck', '--json', '--no-cache'])
    const filled = await runPdk(['validate', cwd, '--no-typecheck', '--json'])
    const cached = await runPdk(['validate', cwd, '--no-typecheck'], { env: { NODE_OPTIONS: `--import=${hook}` } })
    expect(cached.stderr).toContain('(unchanged: from the cache)')
    expect(cached.stdout).toBe('✔ pdk-plugin-fixture@1.0.0 is valid: 0 errors, 0 warnings (not checked: typecheck)\n')
    expect(JSON.parse(filled.stdout)).toEqual(JSON.parse(fresh.stdout))
    const again = await runPdk(['validate', cwd, '--no-typecheck', '--json'])
    expect(again.stdout).toBe(filled.stdout)
    // And the cache notices an edit.
    const pkg = JSON.parse(await readFile(join(cwd, 'package.json'), 'utf8'))
    await writeFile(join(cwd, 'package.json'), JSON.stringify({ ...pkg, keywords: [] }))
    const edited = await runPdk(['validate', cwd, '--no-typecheck', '--json'])
    expect(edited.code).toBe(1)
    expect(JSON.parse(edited.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual(['package/keyword'])
  })

  it('leaves an unknown flag to oclif: exit 2 with a did-you-mean', async () => {
    const cwd = await project()
    const run = await runPdk(['validate', cwd, '--no-cahce'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Unknown flag "--no-cahce"')
    expect(run.stderr).toContain('Did you mean "--no-cache"?')
  })
})
