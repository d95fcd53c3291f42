import type { InstallResult } from '../lib/install.js'
import type { Colors } from './colors.js'

/** `pdk install`, `update` and `uninstall`: one line per change, its permissions, and where it went. */
export function renderInstall(result: InstallResult, c: Colors): string {
  if (result.changes.length === 0) return `${c.dim('•')} Nothing to change in ${result.pluginsDir}.\n`
  const lines: string[] = []
  for (const change of result.changes) {
    const version =
      change.action === 'remove'
        ? change.from
        : change.action === 'update'
          ? `${change.from} → ${change.to}`
          : change.to
    const verb = { install: c.green('+'), update: c.yellow('↑'), remove: c.red('-') }[change.action]
    const signature =
      change.action === 'remove'
        ? ''
        : change.signature === null
          ? c.dim(' unsigned')
          : change.signature.verified
            ? c.green(` signed by ${change.signature.keyId}`)
            : c.yellow(` signed by untrusted ${change.signature.keyId}`)
    const why =
      change.reason !== change.name && change.reason.startsWith('dependency') ? c.dim(` (${change.reason})`) : ''
    lines.push(`${verb} ${change.name}@${version}${why}${signature}`)
    for (const p of change.permissions) lines.push(`    ${p.sensitive ? c.yellow('!') : '·'} ${p.text}`)
  }
  const tail = result.dryRun
    ? `${c.yellow('•')} Dry run: nothing changed in ${result.pluginsDir}.`
    : `${c.green('✓')} ${result.pluginsDir} updated; lockfile ${result.lockfile}`
  return `${lines.join('\n')}\n${tail}\n`
}

/** A yes/no prompt on the terminal (stderr), or undefined where pdk must not prompt: no TTY, or `--json`. */
export function terminalConfirm(json: boolean): ((question: string) => Promise<boolean>) | undefined {
  if (json || !process.stdin.isTTY || !process.stderr.isTTY) return undefined
  return async (question) => {
    const { confirm } = await import('@inquirer/prompts')
    const lines = question.split('\n')
    process.stderr.write(`${lines.slice(0, -1).join('\n')}\n`)
    return confirm({ message: lines.at(-1) ?? 'Continue?', default: false }, { output: process.stderr })
  }
}
