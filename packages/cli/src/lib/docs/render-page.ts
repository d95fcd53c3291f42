import type { PageBlock } from './manifest-page.js'

/** The page as GitHub-flavoured markdown. */
export function pageToMarkdown(blocks: PageBlock[]): string {
  const out: string[] = []
  for (const block of blocks) {
    if (block.kind === 'h1') out.push(`# ${block.text}`)
    else if (block.kind === 'h2') out.push(`## ${block.text}`)
    else if (block.kind === 'p') out.push(block.text)
    else if (block.kind === 'ul') out.push(block.items.map((item) => `- ${item}`).join('\n'))
    else {
      const cell = (text: string) => text.replaceAll('\n', ' ').replace(/(?<!\\)\|/g, '\\|')
      const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`
      out.push([row(block.head), row(block.head.map(() => '---')), ...block.rows.map(row)].join('\n'))
    }
  }
  return `${out.join('\n\n')}\n`
}

/** The page as a standalone HTML document. */
export function pageToHtml(blocks: PageBlock[], title: string): string {
  const body = blocks.map((block) => {
    if (block.kind === 'h1' || block.kind === 'h2' || block.kind === 'p')
      return `<${block.kind}>${inline(block.text)}</${block.kind}>`
    if (block.kind === 'ul') return `<ul>\n${block.items.map((item) => `  <li>${inline(item)}</li>`).join('\n')}\n</ul>`
    const head = block.head.map((cell) => `<th>${inline(cell)}</th>`).join('')
    const rows = block.rows.map((row) => `  <tr>${row.map((cell) => `<td>${inline(cell)}</td>`).join('')}</tr>`)
    return `<table>\n  <thead><tr>${head}</tr></thead>\n  <tbody>\n${rows.join('\n')}\n  </tbody>\n</table>`
  })
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}code{background:#f3f3f3;padding:0 .2rem}</style>',
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

/** Escapes HTML, turns `code` into <code> and drops markdown's table-cell escapes. */
function inline(text: string): string {
  return escapeHtml(text.replaceAll('\\|', '|')).replace(/`([^`]+)`/g, '<code>$1</code>')
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
}
