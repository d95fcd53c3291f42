import { relative } from 'node:path'
import type { Reporter, SerializedError, TestModule } from 'vitest/node'
import type { TestCounts, TestFailure, TestResult } from './test-types.js'

/** The part of a result one vitest run produces. */
export type RunOutcome = Pick<TestResult, 'counts' | 'failures' | 'errors' | 'durationMs'>

/**
 * A vitest reporter that turns each finished run into counts and failures with file and line.
 * It is added next to whatever reporters the project or the arguments chose.
 */
export function createResultCollector(cwd: string, onRunEnd: (outcome: RunOutcome) => void): Reporter {
  let started = performance.now()
  return {
    onTestRunStart() {
      started = performance.now()
    },
    onTestRunEnd(testModules, unhandledErrors) {
      onRunEnd({ ...summarise(cwd, testModules, unhandledErrors), durationMs: Math.round(performance.now() - started) })
    },
  }
}

/** Counts, failures and stray errors of one run. */
export function summarise(
  cwd: string,
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError>,
): Omit<RunOutcome, 'durationMs'> {
  const counts: TestCounts = {
    files: testModules.length,
    tests: 0,
    passed: 0,
    failed: 0,
    skipped: 0,
    todo: 0,
    failedFiles: 0,
  }
  const failures: TestFailure[] = []
  for (const module of testModules) {
    const file = relative(cwd, module.moduleId)
    const moduleErrors = module.errors()
    if (moduleErrors.length > 0) counts.failedFiles++
    for (const error of moduleErrors)
      failures.push({ file, message: messageOf(error), ...placeIn(error, module.moduleId) })
    for (const test of module.children.allTests()) {
      counts.tests++
      const result = test.result()
      if (result.state === 'passed') counts.passed++
      else if (result.state === 'failed') {
        counts.failed++
        const error = result.errors?.[0]
        const place = error ? placeIn(error, module.moduleId) : {}
        failures.push({
          file,
          test: test.fullName,
          message: error ? messageOf(error) : 'failed',
          ...(place.line !== undefined ? place : locationOf(test.location)),
        })
      } else if (test.options.mode === 'todo') counts.todo++
      else counts.skipped++
    }
  }
  const errors = unhandledErrors.map((error) => {
    const frame = error.stacks?.find((s) => !s.file.includes('/node_modules/'))
    return {
      message: messageOf(error),
      ...(frame ? { file: relative(cwd, frame.file), line: frame.line, column: frame.column } : {}),
    }
  })
  return { counts, failures, errors }
}

function messageOf(error: SerializedError): string {
  const name = error.name && error.name !== 'Error' && error.name !== 'AssertionError' ? `${error.name}: ` : ''
  return `${name}${error.message ?? String(error)}`.split('\n')[0] ?? ''
}

// The first stack frame in the test file itself: where the assertion or the throw is.
function placeIn(error: SerializedError, moduleId: string): { line?: number; column?: number } {
  const frame = error.stacks?.find((s) => s.file === moduleId)
  return frame ? { line: frame.line, column: frame.column } : {}
}

function locationOf(location: { line: number; column: number } | undefined): { line?: number; column?: number } {
  return location ? { line: location.line, column: location.column } : {}
}
