import type { DoctorResult } from '../lib/doctor.js'
import type { Colors } from './colors.js'

/** `pdk doctor`: one line per check, with its fix under the ones that did not pass. */
export function renderDoctor(result: DoctorResult, c: Colors): string {
  const mark = { ok: c.green('✓'), warn: c.yellow('!'), fail: c.red('✗'), skip: c.dim('-') }
  const lines: string[] = []
  for (const check of result.checks) {
    lines.push(`${mark[check.status]} ${check.title}: ${check.message}`)
    if (check.fix) lines.push(`  ${c.cyan('Fix:')} ${check.fix}`)
  }
  const failed = result.checks.filter((x) => x.status === 'fail').length
  lines.push(
    failed === 0
      ? `${c.green('✓')} No problems found.`
      : `${c.red('✗')} ${failed} problem${failed === 1 ? '' : 's'} found.`,
  )
  return `${lines.join('\n')}\n`
}
