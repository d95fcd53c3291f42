import type { BuildResult } from '../lib/build/build-types.js'
import type { Colors } from './colors.js'
import { formatMs } from './progress.js'

/** `360 B`, `1.3 kB`, `2.1 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`
  return `${(bytes / 1_000_000).toFixed(1)} MB`
}

/** A build for a person: the size table on success; each error's frame and a summary on failure. */
export function renderBuild(result: BuildResult, c: Colors): string {
  const lines: string[] = []
  for (const warning of result.warnings) lines.push(c.yellow(warning.frame), '')
  for (const note of result.notes) lines.push(c.gray(note))
  if (!result.ok) {
    for (const error of result.errors) lines.push(c.red(error.frame), '')
    const count = `${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`
    const kept = result.outDir ? ` ${result.outDir}/ was left as it was.` : ''
    lines.push(`${c.red(c.bold('Build failed:'))} ${count}.${kept}`)
    return lines.join('\n')
  }
  lines.push(c.bold(`Built ${result.outDir}/ for ${result.target} in ${formatMs(result.durationMs)}`))
  lines.push(...sizeTable(result, c))
  return lines.join('\n')
}

/** The rows `file  size` of a build's outputs, sizes right-aligned, with a total. */
function sizeTable(result: BuildResult, c: Colors): string[] {
  const rows = result.outputs.map((output) => [output.file, formatBytes(output.bytes)] as const)
  const total = result.outputs.reduce((sum, output) => sum + output.bytes, 0)
  const all = [...rows, ['total', formatBytes(total)] as const]
  const width = Math.max(...all.map(([file]) => file.length))
  const sizeWidth = Math.max(...all.map(([, size]) => size.length))
  return all.map(([file, size], index) => {
    const line = `  ${file.padEnd(width)}  ${size.padStart(sizeWidth)}`
    return index === rows.length ? c.gray(line) : line
  })
}

/** One line per rebuild in watch mode: the time, the build number, the outcome; then any error frames. */
export function renderRebuild(result: BuildResult, c: Colors, now = new Date()): string {
  const time = c.gray(`[${now.toTimeString().slice(0, 8)}]`)
  const number = `build ${result.build ?? 1}`
  if (result.ok) {
    const total = result.outputs.reduce((sum, output) => sum + output.bytes, 0)
    const files = `${result.outputs.length} file${result.outputs.length === 1 ? '' : 's'}, ${formatBytes(total)}`
    const warnings = result.warnings.length > 0 ? c.yellow(`, ${result.warnings.length} warning(s)`) : ''
    return `${time} ${number} ${c.green('ok')} in ${formatMs(result.durationMs)} (${files})${warnings}`
  }
  const count = `${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`
  const first = result.errors[0]
  const place = first?.file
    ? ` at ${first.file}${first.line !== undefined ? `:${first.line}:${first.column ?? 1}` : ''}`
    : ''
  const frames = result.errors.map((error) => c.red(error.frame)).join('\n\n')
  return `${time} ${number} ${c.red('failed')} in ${formatMs(result.durationMs)}: ${count}${place}\n${frames}`
}
