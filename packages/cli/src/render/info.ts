import type { InfoResult } from '../lib/info.js'
import type { Colors } from './colors.js'

/** `pdk info`: manifest, dependency tree, permissions and compatibility. */
export function renderInfo(r: InfoResult, c: Colors): string {
  const lines = [`${c.bold(`${r.name}@${r.version}`)} ${c.dim(`(${r.source})`)}`]
  if (r.description) lines.push(`  ${r.description}`)
  lines.push(
    `  kind:         ${r.kind ?? '?'}`,
    `  host:         ${r.host ? `${r.host.name}@${r.host.range}` : '?'}`,
    `  capabilities: ${r.capabilities.join(', ') || c.dim('none')}`,
    `  activation:   ${r.activation.join(', ')}`,
    `  isolation:    ${r.isolation}`,
  )
  if (r.compatibility) {
    lines.push(
      `  fits ${r.compatibility.host}: ${r.compatibility.compatible ? c.green('yes') : `${c.red('no')} — ${r.compatibility.reason}`}`,
    )
  }
  lines.push(c.bold('Permissions'))
  if (r.permissions.length === 0) lines.push(`  ${c.dim('none: it asks for nothing')}`)
  for (const p of r.permissions) lines.push(`  ${p.sensitive ? c.yellow('!') : '·'} ${p.text}`)
  lines.push(c.bold('Dependencies'))
  const tree = [
    ...r.plugins.map((d) => {
      const state =
        d.satisfied === null
          ? ''
          : d.satisfied
            ? c.green(` installed ${d.installed}`)
            : c.red(d.installed ? ` installed ${d.installed} does not fit` : ' not installed')
      return `plugin ${d.name}@${d.range}${d.optional ? c.dim(' (optional)') : ''}${state}`
    }),
    ...Object.entries(r.dependencies).map(([n, v]) => `npm ${n}@${v}`),
    ...Object.entries(r.peerDependencies).map(([n, v]) => `peer ${n}@${v} ${c.dim('(from the host)')}`),
  ]
  if (tree.length === 0) lines.push(`  ${c.dim('none')}`)
  for (const [i, t] of tree.entries()) lines.push(`  ${i === tree.length - 1 ? '└─' : '├─'} ${t}`)
  if (r.versions.length > 0)
    lines.push(`${c.bold('Versions')} ${r.versions.slice(0, 10).join(', ')}${r.versions.length > 10 ? ', …' : ''}`)
  return `${lines.join('\n')}\n`
}
