import { readFileSync } from 'node:fs'

interface ManifestCommand {
  id: string
  summary?: string
  description?: string
  hidden?: boolean
}

interface CliPackage {
  name: string
  version: string
  description: string
  oclif: { bin: string; topics?: Record<string, { description: string }> }
}

/**
 * `pdk --help` without loading oclif: the root help, in oclif's layout, from the package's
 * oclif.manifest.json (see docs/decisions/001-cli-start-up.md). Command help still comes from oclif.
 */
export function renderRootHelp(
  packageDir: URL,
  width = process.stdout.isTTY ? (process.stdout.columns ?? 80) : 80,
): string {
  const pkg = JSON.parse(readFileSync(new URL('package.json', packageDir), 'utf8')) as CliPackage
  const manifest = JSON.parse(readFileSync(new URL('oclif.manifest.json', packageDir), 'utf8')) as {
    commands: Record<string, ManifestCommand>
  }
  const bin = pkg.oclif.bin
  const commands = Object.values(manifest.commands).filter((c) => !c.hidden)
  const topics = new Map<string, string>()
  const rootCommands: Array<[string, string]> = []
  for (const command of commands) {
    const [first, ...rest] = command.id.split(':')
    if (rest.length && first) {
      if (!topics.has(first)) topics.set(first, pkg.oclif.topics?.[first]?.description ?? command.summary ?? '')
    } else rootCommands.push([command.id, summaryOf(command)])
  }
  let out = `${pkg.description}\n\nVERSION\n  ${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-v${process.versions.node}\n\n`
  out += `USAGE\n  $ ${bin} [COMMAND]\n`
  if (topics.size)
    out += `\nTOPICS\n${table(
      [...topics].sort(([a], [b]) => a.localeCompare(b)),
      width,
    )}`
  out += `\nCOMMANDS\n${table(
    rootCommands.sort(([a], [b]) => a.localeCompare(b)),
    width,
  )}`
  // oclif ends its help with an empty line; so does this.
  return `${out}\n`
}

function summaryOf(command: ManifestCommand): string {
  return command.summary ?? command.description?.split('\n')[0] ?? ''
}

function table(rows: Array<[string, string]>, width: number): string {
  const left = Math.max(...rows.map(([name]) => name.length))
  const indent = 2 + left + 2
  const room = Math.max(20, width - indent)
  let out = ''
  for (const [name, text] of rows) {
    const lines = wrap(text, room)
    out += `  ${name.padEnd(left)}  ${lines[0] ?? ''}\n`
    for (const line of lines.slice(1)) out += `${' '.repeat(indent)}${line}\n`
  }
  return out
}

function wrap(text: string, room: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines
}
