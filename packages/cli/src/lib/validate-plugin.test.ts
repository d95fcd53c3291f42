import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { pluginFiles } from '../../test/fixtures/validate/plugin-files.js'
import { type FixtureFile, fixtureDir, PACKAGES_DIR, removeFixture } from '../../test/helpers/fixture-dir.js'
import { validatePlugin } from './validate-plugin.js'

const dirs: string[] = []
const project = async (files: Record<string, FixtureFile>) => {
  const dir = await fixtureDir(files)
  dirs.push(dir)
  return dir
}
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})
const rules = (report: { findings: { rule: string }[] }) => report.findings.map((f) => f.rule)

describe('validatePlugin', () => {
  it('passes a valid built plugin with every check run', async () => {
    const cwd = await project(pluginFiles())
    const report = await validatePlugin({ cwd, typecheck: false })
    expect(report).toEqual({
      ok: true,
      path: cwd,
      name: 'pdk-plugin-fixture',
      version: '1.0.0',
      strict: false,
      findings: [],
      summary: { errors: 0, warnings: 0 },
      checks: { manifest: 'passed', files: 'passed', entry: 'passed', typecheck: 'skipped', package: 'passed' },
    })
  })

  it.each(['audit', 'greeter', 'store', 'textstats', 'weather'])(
    'validates the example plugin %s clean, type-check included',
    async (name) => {
      const report = await validatePlugin({ cwd: join(PACKAGES_DIR, '..', 'examples', 'plugins', name) })
      expect(report.findings).toEqual([])
      expect(report.ok).toBe(true)
      expect(report.checks).toEqual({
        manifest: 'passed',
        files: 'passed',
        entry: 'passed',
        typecheck: 'passed',
        package: 'passed',
      })
    },
  )

  it('reports every problem in one run, manifest and package rules, with places', async () => {
    const cwd = await project(
      pluginFiles({
        change: (pkg) => {
          pkg.keywords = []
          ;(pkg.pdk as Record<string, unknown>).isolation = 'thread'
        },
        files: { 'dist/index.js': 'export default {}\n' },
      }),
    )
    const report = await validatePlugin({ cwd, typecheck: false })
    expect(report.ok).toBe(false)
    expect(rules(report)).toEqual(['manifest/isolation', 'package/keyword', 'package/entry-export'])
    expect(report.findings[0]).toMatchObject({
      file: 'package.json',
      pointer: '/pdk/isolation',
      line: expect.any(Number),
      column: expect.any(Number),
    })
    expect(report.checks).toMatchObject({ manifest: 'failed', package: 'failed', entry: 'failed', files: 'passed' })
  })

  it('gives an unbuilt project one "not built yet" finding and skips the entry', async () => {
    const cwd = await project(
      pluginFiles({ files: { 'src/index.ts': 'export {}\n' }, remove: ['dist/index.js', 'dist/index.d.ts'] }),
    )
    const report = await validatePlugin({ cwd, typecheck: false })
    expect(rules(report)).toEqual(['package/not-built'])
    expect(report.checks.entry).toBe('skipped')
  })

  it('accepts a byte-order mark with a warning and still places findings by line', async () => {
    const text = `\uFEFF${JSON.stringify(pluginFiles()['package.json'], null, 2)}\n`
    const report = await validatePlugin({
      cwd: await project(pluginFiles({ files: { 'package.json': text } })),
      typecheck: false,
    })
    expect(report.ok).toBe(true)
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'manifest/bom', severity: 'warn', line: 1 })])
    const strict = await validatePlugin({ cwd: report.path, typecheck: false, strict: true })
    expect(strict.ok).toBe(false)
  })

  it('applies the severities of pdk.config.json to package rules only', async () => {
    const cwd = await project(
      pluginFiles({
        change: (pkg) => {
          delete pkg.license
          pkg.keywords = []
          ;(pkg.pdk as Record<string, unknown>).isolation = 'thread'
        },
        files: {
          'pdk.config.json': {
            validate: { rules: { 'package/keyword': 'off', 'package/license': 'error', 'manifest/isolation': 'warn' } },
          },
        },
      }),
    )
    const report = await validatePlugin({ cwd, typecheck: false })
    expect(report.findings.map((f) => `${f.severity} ${f.rule}`)).toEqual([
      'error manifest/isolation',
      'error package/license',
      'warn config/rule-severity',
    ])
    expect(report.findings[2]).toMatchObject({
      file: 'pdk.config.json',
      pointer: '/validate/rules/manifest~1isolation',
      line: expect.any(Number),
    })
  })

  it('fixes the safe things atomically, keeping indentation, and says what changed', async () => {
    const pkg = pluginFiles({
      change: (p) => {
        delete p.type
        p.keywords = ['greeting']
        ;(p.pdk as Record<string, unknown>).capabilitys = ['x']
      },
    })['package.json']
    const cwd = await project(pluginFiles({ files: { 'package.json': `${JSON.stringify(pkg, null, 4)}\n` } }))
    const dry = await validatePlugin({ cwd, typecheck: false, fix: true, dryRun: true })
    expect(dry.dryRun).toBe(true)
    expect(dry.fixed?.map((f) => [f.rule, f.applied])).toEqual([
      ['manifest/unknown-key', false],
      ['manifest/module-type', false],
      ['package/keyword', false],
    ])
    expect(dry.ok).toBe(false)
    expect(await readFile(join(cwd, 'package.json'), 'utf8')).toBe(`${JSON.stringify(pkg, null, 4)}\n`)

    const fixed = await validatePlugin({ cwd, typecheck: false, fix: true })
    expect(fixed.fixed?.map((f) => f.description)).toEqual([
      'renamed "capabilitys" to "capabilities" in "pdk"',
      'added "type": "module" to package.json',
      'added "pdk-plugin" to "keywords"',
    ])
    expect(fixed.ok).toBe(true)
    expect(fixed.findings).toEqual([])
    const written = await readFile(join(cwd, 'package.json'), 'utf8')
    expect(written).toMatch(/^\{\n {4}"name"/)
    expect(Object.keys(JSON.parse(written).pdk)).toEqual(['manifestVersion', 'kind', 'host', 'capabilities'])
    expect((await validatePlugin({ cwd, typecheck: false, fix: true })).fixed).toEqual([])
  })

  it('does not guess a fix when a misspelling has several candidates', async () => {
    const cwd = await project(pluginFiles({ change: (p) => ((p.pdk as Record<string, unknown>).xyz = 1) }))
    const report = await validatePlugin({ cwd, typecheck: false, fix: true })
    expect(report.fixed).toEqual([])
    expect(rules(report)).toContain('manifest/unknown-key')
  })

  it('throws for a path it cannot validate, and never for a bad plugin', async () => {
    await expect(validatePlugin({ cwd: '/nonexistent/plugin' })).rejects.toMatchObject({
      code: 'PDK_NOT_FOUND',
      hint: expect.any(String),
    })
    const dir = await project({ 'file.txt': 'x' })
    await expect(validatePlugin({ cwd: join(dir, 'file.txt') })).rejects.toMatchObject({ code: 'PDK_INVALID_ARGUMENT' })
    await expect(validatePlugin({ cwd: dir })).rejects.toMatchObject({
      code: 'PDK_NOT_FOUND',
      message: expect.stringContaining('No package.json'),
    })
    const report = await validatePlugin({ cwd: await project({ 'package.json': '{ nope' }) })
    expect(report).toMatchObject({ ok: false, checks: { manifest: 'skipped', entry: 'skipped' } })
    expect(rules(report)).toEqual(['manifest/json'])
  })
})
