import type { Finding } from '@pdk/core'
import type { VerifyResult } from '../lib/verify.js'
import type { Colors } from './colors.js'
import { formatPlace } from './error.js'

/** One block per finding (what, where, hint) and nothing when there are none. */
export function renderFindings(findings: readonly Finding[], c: Colors): string {
  return findings
    .map((f) => {
      const label = f.severity === 'error' ? c.red(c.bold('Error:')) : c.yellow(c.bold('Warning:'))
      const place = formatPlace({ file: f.file, line: f.line, column: f.column, pointer: f.pointer || undefined })
      let text = `${label} ${f.message} ${c.gray(`[${f.rule}]`)}${place ? ` ${c.gray(`(${place})`)}` : ''}\n`
      if (f.hint) text += `${c.cyan('Hint:')} ${f.hint}\n`
      return text
    })
    .join('')
}

/** `pdk verify`: the verdict, then every reason it failed. */
export function renderVerify(result: VerifyResult, c: Colors): string {
  const what = result.name ? `${result.name}@${result.version}` : result.target
  if (result.ok) {
    return `${c.green('✓')} ${what}: signature valid, by trusted key ${result.keyId}, over ${result.files} files.\n`
  }
  const errors = result.findings.filter((f) => f.severity === 'error').length
  return `${renderFindings(result.findings, c)}${c.red('✗')} ${what}: signature rejected (${errors} problem${errors === 1 ? '' : 's'}).\n`
}
