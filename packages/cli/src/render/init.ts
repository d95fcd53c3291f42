import type { InitResult } from '../lib/init-project.js'
import { formatBytes } from './build.js'
import type { Colors } from './colors.js'

/** What `pdk init` did, for a person: the files (with --dry-run), install and git outcomes, and what to run next. */
export function renderInit(result: InitResult, c: Colors): string {
  const lines: string[] = []
  const what = result.template.type === 'host' ? 'host project' : `${result.kind} plugin`
  const a = /^[aeiou]/i.test(what) ? 'an' : 'a'
  const from = result.template.from ? ` (${result.template.from})` : ''
  if (result.dryRun) {
    lines.push(
      c.bold(
        `Would create ${result.name}, ${a} ${what}, in ${result.dir} from template ${result.template.name}${from}:`,
      ),
    )
    for (const file of result.files) lines.push(`  ${file.path.padEnd(36)} ${c.gray(formatBytes(file.bytes))}`)
    lines.push(c.gray('Nothing was written (--dry-run).'))
    return lines.join('\n')
  }
  lines.push(
    `${c.green('✓')} Created ${c.bold(result.name)}, ${a} ${what}, in ${result.dir} from template ${result.template.name}${from} (${result.files.length} files).`,
  )
  if (result.install?.ok) lines.push(`${c.green('✓')} Installed dependencies with ${result.install.packageManager}.`)
  else if (result.install) {
    lines.push(`${c.red('✗')} ${result.install.message ?? 'The install failed'}. The project was kept.`)
    if (result.install.output) lines.push(c.gray(result.install.output.trim().split('\n').slice(-15).join('\n')))
    lines.push(`Hint: fix the cause above, then run \`${result.install.command}\` in ${result.dir}.`)
  }
  if (result.git?.committed) lines.push(`${c.green('✓')} Initialised git with a first commit.`)
  else if (result.git?.note) lines.push(`${c.yellow('!')} ${result.git.note}.`)
  lines.push('', 'Next:')
  for (const command of result.next) lines.push(`  ${c.cyan(command)}`)
  return lines.join('\n')
}
