import type { SearchPluginsResult } from '../lib/search-plugins.js'
import type { Colors } from './colors.js'

/** `pdk search`: a table (name, version, kind, compatibility, description) and where the page is. */
export function renderSearch(result: SearchPluginsResult, c: Colors): string {
  if (result.results.length === 0) {
    const what = result.query ? `matching "${result.query}"` : 'at all'
    return `No pdk plugins ${what}${result.kind ? ` of kind "${result.kind}"` : ''} in ${result.registry}.\n`
  }
  const rows = result.results.map((r) => [
    r.name,
    r.version,
    r.kind,
    r.compatible === null ? (r.host ? `${r.host.name}@${r.host.range}` : '?') : r.compatible ? 'yes' : 'no',
    r.description,
  ])
  const head = ['NAME', 'VERSION', 'KIND', result.host ? `FITS ${result.host}` : 'HOST', 'DESCRIPTION']
  const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.slice(0, widths[i]).padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  const body = rows.map((r) => {
    const text = line(r)
    return r[3] === 'no' ? c.dim(text) : text
  })
  const last = result.from + result.results.length
  const more = last < result.total ? `; next page: --from ${last}` : ''
  return `${c.bold(line(head))}\n${body.join('\n')}\n${c.dim(`${result.from + 1}-${last} of ${result.total}${more}`)}\n`
}
