import type { ListResult } from '../lib/list.js'
import type { Colors } from './colors.js'

/** `pdk list`: one line per plugin with its state, then what it was granted. */
export function renderList(result: ListResult, c: Colors): string {
  const head = `${c.bold(`${result.host.name}@${result.host.version}`)} ${c.dim(result.pluginsDir)}`
  if (result.plugins.length === 0 && result.unlocked.length === 0)
    return `${head}\n  ${c.dim('no plugins installed — `pdk install NAME`')}\n`
  const lines = [head]
  for (const p of result.plugins) {
    const state = { ok: c.green('✓'), modified: c.red('✗ modified on disk'), missing: c.red('✗ missing') }[p.status]
    const sig =
      p.signature === null
        ? c.dim('unsigned')
        : p.signature.verified
          ? c.green('signed')
          : c.yellow('signed (untrusted key)')
    lines.push(`  ${p.name}@${p.version}  ${c.dim(p.kind ?? '?')}  ${sig}  ${state}`)
    for (const g of p.granted) lines.push(`      ${c.dim(`· ${g}`)}`)
  }
  for (const name of result.unlocked) lines.push(`  ${name}  ${c.yellow('not installed by pdk (no lockfile entry)')}`)
  if (!result.ok)
    lines.push(
      `${c.red('✗')} Some plugins changed since they were installed; the host will refuse them. Reinstall them with \`pdk install NAME\`.`,
    )
  return `${lines.join('\n')}\n`
}
