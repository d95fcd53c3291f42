#!/usr/bin/env node
// The whole suite behind `npm test`: lint and format check, build (which type-checks the
// packages), type-check of tests and examples, then every vitest test (unit and e2e).
// Writes vitest's JSON report to $PDK_TEST_REPORT (default: node_modules/.pdk-test-report.json)
// and prints the totals line `N passed, N failed` last.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const bin = (name) => join(root, 'node_modules', '.bin', name)
const report = process.env.PDK_TEST_REPORT ?? join(root, 'node_modules', '.pdk-test-report.json')
const extra = process.argv.slice(2)

function step(label, cmd, args) {
  process.stderr.write(`\n[test] ${label}\n`)
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' })
  return result.status ?? 1
}

let failedSteps = 0
if (step('lint and format (biome)', bin('biome'), ['check', '.']) !== 0) failedSteps++
if (step('type-check tests, examples and benchmarks (tsc)', bin('tsc'), ['-p', 'tsconfig.json']) !== 0) failedSteps++

rmSync(report, { force: true })
const vitestStatus = step('unit and end-to-end tests (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
])

let passed = 0
let failed = failedSteps
if (existsSync(report)) {
  const data = JSON.parse(readFileSync(report, 'utf8'))
  passed = data.numPassedTests ?? 0
  failed += data.numFailedTests ?? 0
  // A test file that fails to load has no tests: count each such file as one failure.
  for (const file of data.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed++
  }
} else if (vitestStatus !== 0) {
  failed++
}
if (vitestStatus !== 0 && failed === 0) failed = 1
process.stdout.write(`\n${passed} passed, ${failed} failed\n`)
process.exit(failed > 0 ? 1 : 0)
