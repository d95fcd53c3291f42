import type { DocsResult } from '../lib/docs-plugin.js'
import type { Colors } from './colors.js'
import { formatMs } from './progress.js'

/** Docs for a person: where they went and the pages to open first; each problem with its place on failure. */
export function renderDocs(result: DocsResult, c: Colors): string {
  const lines: string[] = []
  const place = (m: DocsResult['errors'][number]) =>
    m.file ? c.gray(` (${m.file}${m.line !== undefined ? `:${m.line}:${m.column ?? 1}` : ''})`) : ''
  for (const warning of result.warnings) lines.push(`${c.yellow('Warning:')} ${warning.text}${place(warning)}`)
  if (!result.ok) {
    for (const error of result.errors) lines.push(`${c.red(c.bold('Error:'))} ${error.text}${place(error)}`)
    const count = `${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`
    lines.push(
      `${c.red(c.bold('Docs failed:'))} ${count}. ${result.out}/ was left as it was.`,
      `${c.cyan('Hint:')} fix the code at the place shown; typedoc reads the entry sources with the project's tsconfig.json.`,
    )
    return lines.join('\n')
  }
  const index = result.format === 'markdown' ? 'README.md' : 'index.html'
  lines.push(
    c.bold(`Wrote ${result.files.length} ${result.format} files to ${result.out}/ in ${formatMs(result.durationMs)}`),
    `  API:       ${result.out}/${index}`,
    `  Manifest:  ${result.out}/${result.manifestPage}`,
  )
  return lines.join('\n')
}
