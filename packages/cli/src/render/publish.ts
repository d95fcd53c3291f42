import type { PublishResult } from '../lib/publish-plugin.js'
import type { Colors } from './colors.js'
import { formatBytes } from './pack.js'
import { renderFindings } from './verify.js'

/** `pdk publish`: each step, then what went where. */
export function renderPublish(result: PublishResult, c: Colors): string {
  const mark = { done: c.green('✓'), skipped: c.dim('-'), failed: c.red('✗') }
  const lines = result.steps.map((s) => `${mark[s.status]} ${s.step}${s.detail ? c.dim(`  ${s.detail}`) : ''}`)
  let text = `${renderFindings(result.findings, c)}${lines.join('\n')}\n`
  if (!result.ok) return `${text}${c.red('✗')} ${result.name}@${result.version} was not published.\n`
  text += `${c.dim(`integrity ${result.integrity}, ${formatBytes(result.size)}, ${result.files.length} files${result.signed ? `, signed by ${result.keyId ?? 'an earlier pdk sign'}` : ', unsigned'}`)}\n`
  return result.dryRun
    ? `${text}${c.yellow('•')} Dry run: ${result.name}@${result.version} would go to ${result.registry} with tag "${result.tag}".\n`
    : `${text}${c.green('✓')} Published ${result.name}@${result.version} to ${result.registry} with tag "${result.tag}".\n`
}
