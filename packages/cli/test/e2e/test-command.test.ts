import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FAILING_TEST, PASSING_TEST, pluginProject, THROWING_TEST } from '../fixtures/test/plugin-project.js'
import { removeFixture } from '../helpers/fixture-dir.js'
import { runPdk } from '../helpers/run-pdk.js'

const made: string[] = []
const project = async (...args: Parameters<typeof pluginProject>) => {
  const dir = await pluginProject(...args)
  made.push(dir)
  return dir
}
afterAll(async () => {
  await Promise.all(made.map(removeFixture))
})

/** Every path under `dir`, links not followed. */
function listing(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name)
      out.push(relative(dir, path))
      if (entry.isDirectory()) walk(path)
    }
  }
  walk(dir)
  return out.sort()
}

// Each case starts the real bin and a vitest run: slow on a loaded machine, hence the long timeout.
describe('pdk test', { timeout: 180_000 }, () => {
  it('runs a passing plugin project with no vitest config: exit 0, JSON counts, nothing written into it', async () => {
    const dir = await project({ 'test/greeter.test.ts': PASSING_TEST })
    const before = listing(dir)
    const run = await runPdk(['test', dir, '--json'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({
      ok: true,
      counts: { files: 1, tests: 3, passed: 3, failed: 0, failedFiles: 0 },
      failures: [],
      vitest: { source: 'project', config: null },
      coverage: null,
    })
    expect(result.vitest.setupFile).toMatch(/testing[/\\]dist[/\\]setup\.js$/)
    expect(run.stderr).toContain('greeter.test.ts')
    expect(listing(dir)).toEqual(before)
  })

  it('prints the closing "N passed, N failed" line for a person', async () => {
    const dir = await project({
      'src/greeter.test.ts': PASSING_TEST.replaceAll('../', './').replace("'./package.json'", "'../package.json'"),
    })
    const run = await runPdk(['test'], { cwd: dir })
    expect(run.code).toBe(0)
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^3 passed, 0 failed in \d/)
  })

  it('exits 1 on a failing test and reports it with file and line', async () => {
    const dir = await project({ 'test/math.test.ts': FAILING_TEST })
    const run = await runPdk(['test', dir, '--json'])
    expect(run.code).toBe(1)
    const result = JSON.parse(run.stdout)
    expect(result.ok).toBe(false)
    expect(result.counts).toMatchObject({ tests: 2, passed: 1, failed: 1 })
    expect(result.failures).toEqual([
      {
        file: 'test/math.test.ts',
        test: 'compares greetings',
        message: expect.stringContaining("expected 'Hello' to be 'Hi'"),
        line: 8,
        column: 19,
      },
    ])
    const human = await runPdk(['test', dir])
    expect(human.code).toBe(1)
    expect(human.stdout).toContain('✗ test/math.test.ts:8:19 compares greetings:')
    expect(human.stdout.trimEnd().split('\n').at(-1)).toMatch(/^1 passed, 1 failed in /)
  })

  it('exits 1 with the place when a test file throws while importing', async () => {
    const dir = await project({
      'test/broken.test.ts': THROWING_TEST,
      'test/fine.test.ts': FAILING_TEST.split("\nit('compares")[0]!,
    })
    const run = await runPdk(['test', dir, '--json'])
    expect(run.code).toBe(1)
    const result = JSON.parse(run.stdout)
    expect(result.counts).toMatchObject({ files: 2, failedFiles: 1, passed: 1, failed: 0 })
    expect(result.failures).toEqual([
      { file: 'test/broken.test.ts', message: 'the fixture cannot be imported', line: 3, column: 7 },
    ])
  })

  it('exits 1 with a clear message when there are no tests', async () => {
    const dir = await project({})
    const run = await runPdk(['test', dir])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`Error: No test files in ${dir} (looked for test/**/*.test.ts, src/**/*.test.ts).`)
    expect(run.stderr).toContain('Hint: Add a test such as test/plugin.test.ts')
    const json = await runPdk(['test', dir, '--json'])
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'PDK_NO_TESTS' } })
  })

  it('exits 2 when vitest refuses the arguments after --', async () => {
    const dir = await project({ 'test/greeter.test.ts': PASSING_TEST })
    const unknown = await runPdk(['test', dir, '--', '--bogus-option'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('vitest refused the arguments "--bogus-option": Unknown option `--bogusOption`')
    const badValue = await runPdk(['test', dir, '--json', '--', '--pool', 'nope'])
    expect(badValue.code).toBe(2)
    expect(JSON.parse(badValue.stdout)).toMatchObject({ ok: false, error: { code: 'PDK_USAGE' } })
  })

  it('passes extra arguments to vitest: a name filter and a file filter', async () => {
    const dir = await project({ 'test/greeter.test.ts': PASSING_TEST, 'test/math.test.ts': FAILING_TEST })
    const byName = JSON.parse((await runPdk(['test', dir, '--json', '--', '-t', 'emits greeted'])).stdout)
    expect(byName).toMatchObject({ ok: true, counts: { passed: 1, skipped: 4 } })
    const byFile = await runPdk(['test', dir, '--json', '--', 'greeter'])
    expect(byFile.code).toBe(0)
    expect(JSON.parse(byFile.stdout).counts).toMatchObject({ files: 1, passed: 3 })
  })

  it("respects the project's own vitest config", async () => {
    const dir = await project({
      'spec/greeter.spec.ts': PASSING_TEST,
      'vitest.config.mjs': `export default { test: { include: ['spec/**/*.spec.ts'], setupFiles: ['@pdk/testing/setup'] } }\n`,
    })
    const run = await runPdk(['test', dir, '--json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      vitest: { config: 'vitest.config.mjs', setupFile: null },
      counts: { passed: 3 },
    })
  })

  it('measures coverage with v8 into coverage/ when asked', async () => {
    const dir = await project({ 'test/greeter.test.ts': PASSING_TEST })
    const run = await runPdk(['test', dir, '--coverage', '--json'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.coverage).toMatchObject({ dir: 'coverage', lines: 100 })
    expect(listing(dir)).toContain(join('coverage', 'coverage-summary.json'))
  })

  it("uses pdk's own vitest and harness for a project that has neither", async () => {
    const dir = await project(
      {
        'test/health.test.ts': `import { expect, it } from 'vitest'\nit('is healthy', () => expect({ status: 'ok' }).toBeHealthy())\n`,
      },
      { vitest: false, testing: false },
    )
    const run = await runPdk(['test', dir, '--json'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({ ok: true, vitest: { source: 'pdk' }, counts: { passed: 1 } })
    expect(result.notes).toEqual([expect.stringContaining("ran pdk's vitest")])
  })

  it('refuses a folder that does not exist, and stray arguments before --', async () => {
    const missing = await runPdk(['test', '/no/such/plugin'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('There is no plugin folder at /no/such/plugin.')
    const stray = await runPdk(['test', '.', 'greeter'])
    expect(stray.code).toBe(2)
    expect(stray.stderr).toContain('Put arguments meant for vitest after `--`')
  })
})
