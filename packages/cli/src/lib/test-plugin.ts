import { existsSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Progress, silentProgress } from '../render/progress.js'
import { vitestCacheDir } from './test/cache-dir.js'
import { createResultCollector, type RunOutcome } from './test/collect-results.js'
import { fail } from './test/fail.js'
import { findVitestConfig } from './test/find-vitest-config.js'
import { parseVitestArgs } from './test/parse-vitest-args.js'
import { resolveTestTooling } from './test/resolve-test-tooling.js'
import type { CoverageTotals, TestResult, TestTooling } from './test/test-types.js'
import { TEST_INCLUDE, vitestOptionsFor } from './test/vitest-options-for.js'

export type { CoverageTotals, TestCounts, TestFailure, TestResult, TestTooling } from './test/test-types.js'
export { TEST_INCLUDE } from './test/vitest-options-for.js'

type VitestNode = typeof import('vitest/node')
type Vitest = Awaited<ReturnType<VitestNode['createVitest']>>

export interface TestPluginOptions {
  /** The plugin project folder. */
  cwd: string
  /** Measure coverage with v8 into `<cwd>/coverage`. @default false */
  coverage?: boolean
  /** Rerun on save until `signal` aborts; `onRun` sees every run. @default false */
  watch?: boolean
  /** Extra `vitest` arguments: file filters and options (`-t name`, `--reporter verbose`). */
  vitestArgs?: string[]
  progress?: Progress
  /** Where vitest's own reporter writes. @default process.stderr */
  output?: NodeJS.WritableStream
  /**
   * Colours in vitest's report. vitest decides once, when it loads, from `NO_COLOR`, so `false`
   * sets `NO_COLOR` in this process. @default whether `output` is a terminal
   */
  color?: boolean
  /** Called after each run (every rerun in watch mode). */
  onRun?: (result: TestResult) => void
  /** Ends watch mode. */
  signal?: AbortSignal
}

/**
 * Runs a plugin's tests with vitest's Node API and pdk's preset (the `@pdk/testing` setup file,
 * the node environment, `test/` and `src/` test files), or with the project's own vitest config
 * when it has one. Writes no cache or report into the project unless coverage is asked for.
 * @example const result = await testPlugin({ cwd: './my-plugin' }); if (!result.ok) console.log(result.failures)
 */
export async function testPlugin(options: TestPluginOptions): Promise<TestResult> {
  const { cwd } = options
  const progress = options.progress ?? silentProgress
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
    return fail('PDK_NOT_FOUND', `There is no plugin folder at ${cwd}.`, {
      hint: 'Run `pdk test` inside a plugin project, or pass its folder: `pdk test ./my-plugin`.',
      details: { file: cwd },
    })
  }
  const tooling = resolveTestTooling(cwd)
  const output = options.output ?? process.stderr
  if (!(options.color ?? (output as NodeJS.WriteStream).isTTY === true)) process.env.NO_COLOR ??= '1'
  const api = (await import(pathToFileURL(tooling.vitestNode).href)) as VitestNode
  const { filters, options: argOptions } = await parseVitestArgs(api, options.vitestArgs ?? [])
  const ownConfig = findVitestConfig(cwd)
  const notes: string[] = []
  if (tooling.source === 'pdk')
    notes.push(`The project has no vitest of its own: ran pdk's vitest ${tooling.vitestVersion}.`)
  if (!ownConfig && tooling.setupFile === undefined) {
    notes.push('@pdk/testing is not installed in the project: its matchers are not registered.')
  }
  if (options.coverage) await checkCoverageProvider(cwd, tooling)

  const cacheDir = vitestCacheDir(cwd)
  const vitestOptions = vitestOptionsFor({
    cwd,
    tooling,
    ownConfig,
    argOptions,
    cacheDir,
    watch: options.watch === true,
    coverage: options.coverage === true,
    coverageTable: output === process.stdout,
  })

  const runs: RunOutcome[] = []
  const exitCodeBefore = process.exitCode
  let vitest: Vitest | undefined
  const toResult = (outcome: RunOutcome): TestResult => ({
    ok: outcome.counts.failed === 0 && outcome.counts.failedFiles === 0 && outcome.errors.length === 0,
    cwd,
    vitest: {
      version: tooling.vitestVersion,
      source: tooling.source,
      config: ownConfig ? relative(cwd, ownConfig) : null,
      setupFile: ownConfig ? null : (tooling.setupFile ?? null),
    },
    ...outcome,
    coverage: options.coverage && vitest ? readCoverage(vitest, cwd) : null,
    notes,
  })
  const collector = createResultCollector(cwd, (outcome) => {
    // vitest sets exitCode 1 after a failing run, and on Ctrl-C in watch mode exits with
    // whatever is set (130 when nothing is): the result is ours to report, so undo it.
    if (options.watch) process.exitCode = exitCodeBefore ?? 0
    runs.push(outcome)
    if (outcome.counts.files > 0) options.onRun?.(toResult(outcome))
  })
  const viteOverrides = {
    cacheDir: join(cacheDir, 'vite'),
    plugins: [
      {
        name: 'pdk:test-results',
        configureVitest({ vitest: v }: { vitest: Vitest }) {
          // Added after the project's and the arguments' reporters are resolved, so it never replaces them.
          const reporters = v.config.reporters as unknown[]
          if (!reporters.includes(collector)) reporters.push(collector)
        },
      },
    ],
  }

  const run = async () => {
    try {
      vitest = await api.createVitest(vitestOptions as never, viteOverrides as never, {
        stdout: output as NodeJS.WriteStream,
        stderr: output as NodeJS.WriteStream,
      })
    } catch (error) {
      return startError(error, options.vitestArgs ?? [])
    }
    try {
      await vitest.start(filters)
    } catch (error) {
      if (!(error instanceof api.TestsNotFoundError)) return startError(error, [])
    }
  }
  try {
    // A line, not a spinner: vitest's own report is the live progress, and a spinner redrawn
    // on stderr would tear it apart on a terminal.
    progress.info(
      options.watch
        ? `Watching tests with vitest ${tooling.vitestVersion}; press Ctrl-C to stop.`
        : `Running tests with vitest ${tooling.vitestVersion}${tooling.source === 'pdk' ? " (pdk's own)" : ''}`,
    )
    await run()
    if (options.watch) await untilClosed(vitest, options.signal)
  } finally {
    await vitest?.close()
    process.exitCode = exitCodeBefore
  }

  const last = runs.at(-1)
  if (last !== undefined && last.counts.files === 0 && last.errors.length > 0) {
    // Nothing ran and vitest reported why: with extra arguments, that is vitest refusing them.
    const vitestArgs = options.vitestArgs ?? []
    if (vitestArgs.length > 0) return startError(new Error(last.errors[0]?.message), vitestArgs)
    return toResult(last)
  }
  if (last === undefined || last.counts.files === 0) return noTests(cwd, ownConfig, filters)
  return toResult(last)
}

function untilClosed(vitest: Vitest | undefined, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    vitest?.onClose(() => resolve())
    if (signal?.aborted) resolve()
    signal?.addEventListener('abort', () => resolve(), { once: true })
  })
}

function noTests(cwd: string, ownConfig: string | undefined, filters: string[]): Promise<never> {
  const where = ownConfig ? `the include patterns of ${relative(cwd, ownConfig)}` : TEST_INCLUDE.join(', ')
  const filtered = filters.length > 0 ? ` matching "${filters.join(' ')}"` : ''
  return fail('PDK_NO_TESTS', `No test files${filtered} in ${cwd} (looked for ${where}).`, {
    hint: 'Add a test such as test/plugin.test.ts (see docs/testing.md), or check the file filter you passed.',
    details: { file: cwd, include: ownConfig ? undefined : TEST_INCLUDE, filters },
  })
}

function startError(error: unknown, vitestArgs: readonly string[]): Promise<never> {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
  if (vitestArgs.length > 0) {
    return fail('PDK_USAGE', `vitest refused the arguments "${vitestArgs.join(' ')}": ${message}`, {
      hint: 'Pass only options `vitest run` accepts after `--` (see `npx vitest --help`).',
      details: { vitestArgs: [...vitestArgs] },
      cause: error,
    })
  }
  return fail('PDK_TEST_FAILED', `vitest could not start: ${message}`, {
    hint: "Check the project's vitest or vite config; run with --verbose for the stack.",
    cause: error,
  })
}

async function checkCoverageProvider(cwd: string, tooling: TestTooling): Promise<void> {
  const from = tooling.source === 'project' ? join(cwd, 'package.json') : tooling.vitestNode
  try {
    createRequire(from).resolve('@vitest/coverage-v8/package.json')
  } catch {
    return fail('PDK_NOT_FOUND', `--coverage needs @vitest/coverage-v8, which ${cwd} does not have.`, {
      hint: `Install it next to vitest: \`npm install -D @vitest/coverage-v8@${tooling.vitestVersion}\`.`,
      details: { file: join(cwd, 'package.json') },
    })
  }
}

function readCoverage(vitest: Vitest, cwd: string): CoverageTotals | null {
  const dir = (vitest.config.coverage as { reportsDirectory?: string }).reportsDirectory
  if (!dir) return null
  const file = join(dir, 'coverage-summary.json')
  if (!existsSync(file)) return null
  const total = (JSON.parse(readFileSync(file, 'utf8')) as { total: Record<string, { pct: number }> }).total
  return {
    dir: relative(cwd, dir),
    lines: total.lines?.pct ?? 0,
    statements: total.statements?.pct ?? 0,
    functions: total.functions?.pct ?? 0,
    branches: total.branches?.pct ?? 0,
  }
}
