import { existsSync } from 'node:fs'
import { readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { linkTypescript, pluginFiles } from '../../../test/fixtures/validate/plugin-files.js'
import { type FixtureFile, fixtureDir, removeFixture, writeFixtureFiles } from '../../../test/helpers/fixture-dir.js'
import type { Progress } from '../../render/progress.js'
import { validatePlugin } from '../validate-plugin.js'
import type { ValidateOptions } from './types.js'
import { cacheFile, openValidateCache } from './validate-cache.js'

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})
const project = async (files: Record<string, FixtureFile>) => {
  const dir = await fixtureDir(files)
  dirs.push(dir)
  return dir
}

/** Validates with the cache and says whether the result came from it (the progress task says so). */
async function validate(cwd: string, options: Partial<ValidateOptions> = {}) {
  const titles: string[] = []
  const progress: Progress = {
    task: (title, fn) => {
      titles.push(title)
      return fn(() => {})
    },
    info: () => {},
  }
  const report = await validatePlugin({ cwd, typecheck: false, cache: true, progress, ...options })
  return { report, cached: titles.some((t) => t.includes('from the cache')) }
}

const NOT_A_PLUGIN = 'export default { messages: {} }\n'
// A definition as definePlugin marks it, without importing @pdk/core: the linked @pdk/core of this
// checkout may be rebuilt while the tests run, which (rightly) makes every result that loaded it stale.
const MARKED = "export default Object.defineProperty({}, Symbol.for('pdk.plugin'), { value: true })\n"
const plugin = (options: Parameters<typeof pluginFiles>[0] = {}) =>
  pluginFiles({ ...options, files: { 'dist/index.js': MARKED, ...options.files } })

describe('the validation cache', () => {
  it('reuses the result of an unchanged project, and gives the same report', async () => {
    const cwd = await project(plugin())
    const first = await validate(cwd)
    expect(first.cached).toBe(false)
    expect(first.report.ok).toBe(true)
    expect(existsSync(join(cwd, 'node_modules/.cache/pdk/validate.json'))).toBe(true)
    const second = await validate(cwd)
    expect(second.cached).toBe(true)
    expect(second.report).toEqual(first.report)
    // Strictness is applied to the cached findings, not part of the key.
    const strict = await validate(cwd, { strict: true })
    expect(strict.cached).toBe(true)
  })

  it('calls beforeChecks once when the checks run afresh, and not for a cached result', async () => {
    const cwd = await project(plugin())
    let calls = 0
    const beforeChecks = () => {
      calls++
    }
    expect((await validate(cwd, { beforeChecks })).cached).toBe(false)
    expect(calls).toBe(1)
    expect((await validate(cwd, { beforeChecks })).cached).toBe(true)
    expect(calls).toBe(1)
    await validate(cwd, { beforeChecks, cache: false })
    expect(calls).toBe(2)
  })

  it('checks again when a built file changes, and again when it changes back', async () => {
    const cwd = await project(plugin())
    expect((await validate(cwd)).report.ok).toBe(true)
    await writeFile(join(cwd, 'dist/index.js'), NOT_A_PLUGIN)
    const broken = await validate(cwd)
    expect(broken.cached).toBe(false)
    expect(broken.report.findings.map((f) => f.rule)).toEqual(['package/entry-export'])
    await writeFile(join(cwd, 'dist/index.js'), MARKED)
    // Content-addressed: the same bytes are the same key, whatever the file's time.
    const back = await validate(cwd)
    expect(back.cached).toBe(true)
    expect(back.report.ok).toBe(true)
  })

  it('never stores a result whose entry was not shown to be a plugin', async () => {
    const cwd = await project(pluginFiles({ files: { 'dist/index.js': "throw new Error('boom')\n" } }))
    const first = await validate(cwd)
    expect(first.report.findings.map((f) => f.rule)).toEqual(['package/entry-load'])
    const second = await validate(cwd)
    expect(second.cached).toBe(false)
    expect(second.report).toEqual(first.report)
    const timeout = await project(pluginFiles({ files: { 'dist/index.js': 'await new Promise(() => {})\n' } }))
    expect((await validate(timeout, { entryTimeoutMs: 500 })).report.ok).toBe(false)
    expect((await validate(timeout, { entryTimeoutMs: 500 })).cached).toBe(false)
  })

  it('checks again when package.json, the README, pdk.config.json or a new file changes', async () => {
    const cwd = await project(plugin())
    await validate(cwd)
    await writeFile(join(cwd, 'README.md'), '')
    const readme = await validate(cwd)
    expect(readme.cached).toBe(false)
    expect(readme.report.findings.map((f) => f.rule)).toContain('package/readme')
    await writeFile(join(cwd, 'README.md'), '# pdk-plugin-fixture\n\nPings back.\n')
    expect((await validate(cwd)).cached).toBe(true)
    await writeFile(
      join(cwd, 'pdk.config.json'),
      JSON.stringify({ validate: { rules: { 'package/keyword': 'warn' } } }),
    )
    expect((await validate(cwd)).cached).toBe(false)
    await writeFile(join(cwd, '.env'), 'TOKEN=x\n')
    const pkg = JSON.parse(await readFile(join(cwd, 'package.json'), 'utf8'))
    await writeFile(join(cwd, 'package.json'), JSON.stringify({ ...pkg, files: ['dist', '.env'] }))
    const secret = await validate(cwd)
    expect(secret.cached).toBe(false)
    expect(secret.report.findings.map((f) => f.rule)).toContain('package/secrets')
  })

  it('checks again when a file the entry loaded from a linked dependency changes, or an option does', async () => {
    const cwd = await project(
      pluginFiles({
        change: (p) => (p.dependencies = { helper: '1.0.0' }),
        files: {
          'dist/index.js': `import { mark } from 'helper'\nexport default mark ? ${MARKED.slice('export default '.length, -1)} : {}\n`,
        },
      }),
    )
    const helper = await project({
      'package.json': { name: 'helper', version: '1.0.0', type: 'module', exports: './index.js' },
      'index.js': "export { mark } from './mark.js'\n",
      'mark.js': 'export const mark = true\n',
      'README.md': '# helper\n',
    })
    await symlink(helper, join(cwd, 'node_modules/helper'), 'dir')
    expect((await validate(cwd)).report.ok).toBe(true)
    expect((await validate(cwd)).cached).toBe(true)
    // Only what the entry loaded counts: the README of the helper is no input.
    await writeFile(join(helper, 'README.md'), '# helper, documented\n')
    expect((await validate(cwd)).cached).toBe(true)
    // A linked dependency (outside any node_modules) is known by the files loaded from it, not only its version.
    await writeFile(join(helper, 'mark.js'), 'export const mark = false\n')
    const changed = await validate(cwd)
    expect(changed.cached).toBe(false)
    expect(changed.report.findings.map((f) => f.rule)).toEqual(['package/entry-export'])
    // Content-addressed: the bytes it was stored with are what counts.
    await writeFile(join(helper, 'mark.js'), 'export const mark = true\n')
    expect((await validate(cwd)).cached).toBe(true)
    expect((await validate(cwd, { entryTimeoutMs: 9000 })).cached).toBe(false)
    expect((await validate(cwd, { config: { rules: {} } })).cached).toBe(false)
  })

  it('always runs the type-check, also on a cached result', async () => {
    // The type-check reads beyond what the key covers: here a declaration file in node_modules.
    const cwd = await project(
      plugin({
        files: {
          ...linkTypescript,
          'node_modules/fake-types/global.d.ts': 'declare type N = number\n',
          'tsconfig.json': {
            compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, types: [] },
            files: ['src/index.ts', 'node_modules/fake-types/global.d.ts'],
          },
          'src/index.ts': 'export const n: N = 1\n',
        },
      }),
    )
    const first = await validate(cwd, { typecheck: true })
    expect(first.report.checks.typecheck).toBe('passed')
    await writeFile(join(cwd, 'node_modules/fake-types/global.d.ts'), 'declare type N = string\n')
    const again = await validate(cwd, { typecheck: true })
    expect(again.cached).toBe(true)
    expect(again.report.findings.map((f) => f.rule)).toEqual(['package/typecheck'])
    expect(again.report.checks.typecheck).toBe('failed')
    expect(again.report.ok).toBe(false)
  })

  it('is bypassed without `cache`, with `fix`, and survives a damaged cache file', async () => {
    const cwd = await project(plugin())
    await validatePlugin({ cwd, typecheck: false })
    expect(existsSync(join(cwd, 'node_modules/.cache/pdk/validate.json'))).toBe(false)
    await validate(cwd)
    expect((await validate(cwd, { fix: true, dryRun: true })).cached).toBe(false)
    await writeFile(join(cwd, 'node_modules/.cache/pdk/validate.json'), '{ not json')
    const damaged = await validate(cwd)
    expect(damaged.cached).toBe(false)
    expect(damaged.report.ok).toBe(true)
    expect((await validate(cwd)).cached).toBe(true)
  })
})

describe('openValidateCache', () => {
  it('keys the same project state the same, and a project with a symbolic link not at all', async () => {
    const cwd = await project(plugin())
    const a = await openValidateCache(cwd, { entryTimeoutMs: 10_000 })
    const b = await openValidateCache(cwd, { entryTimeoutMs: 10_000 })
    expect(a?.key).toMatch(/^[0-9a-f]{64}$/)
    expect(b?.key).toBe(a?.key)
    expect(a?.readable.paths).toContain(cwd)
    await writeFixtureFiles(cwd, { 'docs/link': { link: '/etc' } })
    expect(await openValidateCache(cwd, { entryTimeoutMs: 10_000 })).toBeUndefined()
  })

  it('keeps the cache in the OS temp folder, owner-only, when the project has no node_modules', async () => {
    const cwd = await project({ 'package.json': { name: 'x', version: '1.0.0' } })
    const file = cacheFile(cwd)
    expect(file).toBeDefined()
    expect(file?.startsWith(join(cwd, 'node_modules'))).toBe(false)
    const { stat } = await import('node:fs/promises')
    const info = await stat(join(file as string, '..'))
    expect(info.mode & 0o077).toBe(0)
    await rm(file as string, { force: true })
  })
})
