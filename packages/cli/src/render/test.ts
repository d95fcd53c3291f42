import type { TestResult } from '../lib/test/test-types.js'
import type { Colors } from './colors.js'
import { formatMs } from './progress.js'

/**
 * A test run for a person, after vitest's own report: each failure as `file:line` with its
 * message, then the closing `N passed, N failed` line CI reads.
 */
export function renderTest(result: TestResult, c: Colors): string {
  const lines: string[] = []
  for (const note of result.notes) lines.push(c.gray(note))
  if (result.failures.length > 0 || result.errors.length > 0) {
    lines.push('')
    for (const failure of result.failures) {
      const place = `${failure.file}${failure.line !== undefined ? `:${failure.line}${failure.column !== undefined ? `:${failure.column}` : ''}` : ''}`
      const what = failure.test ? `${failure.test}: ` : 'failed to load: '
      lines.push(`${c.red('✗')} ${c.bold(place)} ${what}${failure.message}`)
    }
    for (const error of result.errors) {
      const place = error.file ? `${error.file}${error.line !== undefined ? `:${error.line}` : ''} ` : ''
      lines.push(`${c.red('✗')} ${c.bold(place)}unhandled: ${error.message}`)
    }
  }
  if (result.coverage) {
    const { lines: l, statements, functions, branches, dir } = result.coverage
    lines.push(
      c.gray(
        `Coverage: ${l}% lines, ${statements}% statements, ${functions}% functions, ${branches}% branches (report in ${dir}/)`,
      ),
    )
  }
  const { passed, failed, skipped, todo, failedFiles } = result.counts
  const extra = [
    skipped > 0 ? `${skipped} skipped` : '',
    todo > 0 ? `${todo} todo` : '',
    failedFiles > 0 ? `${failedFiles} file${failedFiles === 1 ? '' : 's'} failed to load` : '',
  ].filter(Boolean)
  lines.push(
    `${result.ok ? c.green(`${passed} passed`) : `${passed} passed`}, ${failed > 0 ? c.red(`${failed} failed`) : `${failed} failed`}${extra.length ? c.gray(` (${extra.join(', ')})`) : ''}${c.gray(` in ${formatMs(result.durationMs)}`)}`,
  )
  return lines.join('\n')
}
