import type { PackResult } from '../lib/pack-plugin.js'
import type { Colors } from './colors.js'
import { renderFindings } from './verify.js'

/** `pdk pack`: the file list with sizes, then name, size, integrity, as `npm pack` prints them. */
export function renderPack(result: PackResult, c: Colors): string {
  if (!result.ok) {
    const n = result.findings.filter((f) => f.severity === 'error').length
    return `${renderFindings(result.findings, c)}${c.red('✗')} ${result.name}@${result.version} was not packed (${n} problem${n === 1 ? '' : 's'}).\n`
  }
  const lines = result.files.map((f) => `  ${formatBytes(f.size).padStart(8)}  ${f.path}`)
  lines.push(
    '',
    `${c.bold('name:')}          ${result.name}`,
    `${c.bold('version:')}       ${result.version}`,
    `${c.bold('filename:')}      ${result.filename}`,
    `${c.bold('package size:')}  ${formatBytes(result.size)}`,
    `${c.bold('unpacked size:')} ${formatBytes(result.unpackedSize)}`,
    `${c.bold('shasum:')}        ${result.shasum}`,
    `${c.bold('integrity:')}     ${result.integrity}`,
    `${c.bold('total files:')}   ${result.files.length}`,
    `${c.bold('signed:')}        ${result.signed ? 'yes (pdk-signature.json)' : 'no'}`,
  )
  const tail = result.dryRun ? c.dim('(dry run: nothing written)') : `${c.green('✓')} ${result.tarball}`
  return `${renderFindings(result.findings, c)}${lines.join('\n')}\n${tail}\n`
}

/** `1.2 kB`, as npm prints sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes}B`
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)}kB`
  return `${(bytes / 1_000_000).toFixed(1)}MB`
}
