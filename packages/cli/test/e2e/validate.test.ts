import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { pluginFiles } from '../fixtures/validate/plugin-files.js'
import { type FixtureFile, fixtureDir, PACKAGES_DIR, removeFixture } from '../helpers/fixture-dir.js'
import { runPdk } from '../helpers/run-pdk.js'

const dirs: string[] = []
const project = async (files: Record<string, FixtureFile>) => {
  const dir = await fixtureDir(files)
  dirs.push(dir)
  return dir
}
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})
const escaping = () =>
  pluginFiles({ change: (p) => ((p.pdk as Record<string, unknown>).permissions = { fs: { read: ['../secrets'] } }) })

describe.concurrent('pdk validate', () => {
  it.each(['audit', 'greeter', 'store', 'textstats', 'weather'])(
    'validates examples/plugins/%s clean',
    async (name) => {
      const run = await runPdk(['validate', join(PACKAGES_DIR, '..', 'examples', 'plugins', name), '--no-typecheck'])
      expect(run.stdout).toBe(`✔ pdk-plugin-${name}@1.0.0 is valid: 0 errors, 0 warnings (not checked: typecheck)\n`)
      expect(run.code).toBe(0)
    },
  )

  it('prints one block per finding and a summary, and exits 1', async () => {
    const cwd = await project(escaping())
    const run = await runPdk(['validate', cwd, '--no-typecheck'])
    expect(run.code).toBe(1)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(
      /^error {2}manifest\/fs-escape {2}package\.json:\d+:\d+ {2}\/pdk\/permissions\/fs\/read\/0$/,
    )
    expect(lines[1]).toMatch(/^ {2}\S/)
    expect(lines.find((l) => l.startsWith('  Hint: '))).toBeDefined()
    expect(lines.at(-1)).toBe('✖ pdk-plugin-fixture@1.0.0 is not valid: 1 error, 0 warnings (not checked: typecheck)')
    // Progress goes to stderr, never into the result.
    expect(run.stderr).toContain('Checking the package')
  })

  it('prints the same report for --json and --format json, nothing else on stdout', async () => {
    const cwd = await project(escaping())
    const [json, format] = await Promise.all([
      runPdk(['validate', cwd, '--no-typecheck', '--json']),
      runPdk(['validate', cwd, '--no-typecheck', '--format', 'json']),
    ])
    expect(json.code).toBe(1)
    expect(format.code).toBe(1)
    expect(JSON.parse(format.stdout)).toEqual(JSON.parse(json.stdout))
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      path: cwd,
      summary: { errors: 1, warnings: 0 },
      findings: [
        { rule: 'manifest/fs-escape', severity: 'error', file: 'package.json', pointer: '/pdk/permissions/fs/read/0' },
      ],
    })
  })

  it('writes SARIF 2.1.0 for code scanning', async () => {
    const cwd = await project(escaping())
    const run = await runPdk(['validate', cwd, '--no-typecheck', '--format', 'sarif'])
    expect(run.code).toBe(1)
    const sarif = JSON.parse(run.stdout)
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/)
    const [runLog] = sarif.runs
    const ids = runLog.tool.driver.rules.map((r: { id: string }) => r.id)
    expect(ids).toContain('manifest/fs-escape')
    expect(ids).toContain('package/secrets')
    expect(runLog.results).toEqual([
      {
        ruleId: 'manifest/fs-escape',
        ruleIndex: ids.indexOf('manifest/fs-escape'),
        level: 'error',
        message: { text: expect.stringContaining('\nHint: ') },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'package.json', uriBaseId: 'PROJECTROOT' },
              region: { startLine: expect.any(Number), startColumn: expect.any(Number) },
            },
            logicalLocations: [{ fullyQualifiedName: '/pdk/permissions/fs/read/0', kind: 'member' }],
          },
        ],
        properties: expect.objectContaining({ pointer: '/pdk/permissions/fs/read/0' }),
      },
    ])
    expect(runLog.originalUriBaseIds.PROJECTROOT.uri).toBe(`file://${cwd}/`)
  })

  it('shows fixes with --fix --dry-run and writes them with --fix', async () => {
    const cwd = await project(pluginFiles({ change: (p) => (p.keywords = []) }))
    const before = await readFile(join(cwd, 'package.json'), 'utf8')
    const dry = await runPdk(['validate', cwd, '--no-typecheck', '--fix', '--dry-run'])
    expect(dry.code).toBe(1)
    expect(dry.stdout).toContain(
      'Would fix (dry run, nothing written):\n  package/keyword  added "pdk-plugin" to "keywords"',
    )
    expect(await readFile(join(cwd, 'package.json'), 'utf8')).toBe(before)
    const fixed = await runPdk(['validate', cwd, '--no-typecheck', '--fix', '--json'])
    expect(fixed.code).toBe(0)
    expect(JSON.parse(fixed.stdout)).toMatchObject({
      ok: true,
      dryRun: false,
      fixed: [{ rule: 'package/keyword', applied: true }],
    })
    expect(JSON.parse(await readFile(join(cwd, 'package.json'), 'utf8')).keywords).toEqual(['pdk-plugin'])
  })

  it('accepts a byte-order mark with a warning, as npm does', async () => {
    const pkg = JSON.stringify(pluginFiles()['package.json'], null, 2)
    const cwd = await project(pluginFiles({ files: { 'package.json': `\uFEFF${pkg}\n` } }))
    const run = await runPdk(['validate', cwd, '--no-typecheck'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^warn {3}manifest\/bom {2}package\.json:1:1/)
    expect(run.stdout).toContain('✔ pdk-plugin-fixture@1.0.0 is valid: 0 errors, 1 warning')
  })

  it('fails on warnings only with --strict', async () => {
    const cwd = await project(pluginFiles({ change: (p) => delete p.license }))
    const [lenient, strict] = await Promise.all([
      runPdk(['validate', cwd, '--no-typecheck']),
      runPdk(['validate', cwd, '--no-typecheck', '--strict']),
    ])
    expect(lenient.code).toBe(0)
    expect(lenient.stdout).toContain('✔ pdk-plugin-fixture@1.0.0 is valid: 0 errors, 1 warning')
    expect(strict.code).toBe(1)
    expect(strict.stdout).toContain('is not valid: 0 errors, 1 warning (--strict: warnings fail)')
  })

  it.each([
    [['--format', 'xml'], /Expected --format=xml to be one of: text, json, sarif|xml/],
    [['--bogus'], /Unknown flag "--bogus"/],
    [['--dry-run'], /--dry-run previews what --fix would change, but --fix was not given/],
    [['--entry-timeout', 'soon'], /--entry-timeout expects a whole number of milliseconds, got "soon"/],
  ])('exits 2 for misuse: %s', async (flags, message) => {
    const run = await runPdk(['validate', '.', ...flags])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).toContain('Hint: ')
    const json = await runPdk(['validate', '.', ...flags, '--json'])
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'PDK_USAGE' } })
  })
})
