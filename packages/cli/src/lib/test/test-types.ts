/** Where `pdk test` found the vitest it ran and the setup file it registered. */
export interface TestTooling {
  /** `project`: the plugin's own vitest (and @pdk/testing); `pdk`: the copies pdk ships, for a project with neither. */
  source: 'project' | 'pdk'
  vitestVersion: string
  /** Absolute path of `vitest/node`'s entry. */
  vitestNode: string
  /** Absolute path of `@pdk/testing/setup`, or undefined when the project has vitest but not @pdk/testing. */
  setupFile: string | undefined
}

/** One failed test, or a test file that failed as a whole (it threw while importing). */
export interface TestFailure {
  /** Relative to the project folder. */
  file: string
  /** The test's full name (`suite > test`); absent for a failure of the whole file. */
  test?: string
  message: string
  line?: number
  column?: number
}

export interface TestCounts {
  files: number
  tests: number
  passed: number
  failed: number
  skipped: number
  todo: number
  /** Files that failed as a whole (an error while importing or collecting). */
  failedFiles: number
}

/** Coverage totals in percent, when `--coverage` ran. */
export interface CoverageTotals {
  dir: string
  lines: number
  statements: number
  functions: number
  branches: number
}

/** What one test run found. */
export interface TestResult {
  ok: boolean
  cwd: string
  vitest: { version: string; source: TestTooling['source']; config: string | null; setupFile: string | null }
  counts: TestCounts
  failures: TestFailure[]
  /** Errors outside any test (an unhandled rejection, a failing setup file). */
  errors: Array<{ message: string; file?: string; line?: number; column?: number }>
  coverage: CoverageTotals | null
  durationMs: number
  /** Things worth knowing about the run (which vitest, a missing setup file). */
  notes: string[]
}
