/** A flag as `oclif.manifest.json` describes it. */
export interface ManifestFlag {
  name: string
  type: 'boolean' | 'option'
  allowNo?: boolean
  char?: string
  default?: unknown
  multiple?: boolean
  options?: string[]
}

/** A command as `oclif.manifest.json` describes it. */
export interface ManifestCommand {
  id: string
  strict?: boolean
  flags: Record<string, ManifestFlag>
  args: Record<string, { name: string; default?: unknown; required?: boolean; options?: string[] }>
}

/** What a command line means: positional arguments and flags by name, as oclif's parser gives them. */
export interface ParsedArgv {
  args: Record<string, string>
  flags: Record<string, string | boolean>
}

/**
 * Parses a command's argv (after the command id) from its description in oclif.manifest.json, as
 * oclif would, for the plain cases only: `--flag`, `--no-flag`, `--option value`,
 * `--option=value` with a value among its options, and positional arguments in order. Anything
 * else (an unknown or repeated flag, a short flag, `--`, a value that looks like a flag, a
 * missing value, one argument too many, a multiple or required one) gives undefined: oclif
 * itself then parses it, with its errors and did-you-mean. Option defaults come from the
 * manifest; boolean flags that were not given are left out, as oclif leaves them.
 */
export function parseArgv(argv: readonly string[], command: ManifestCommand): ParsedArgv | undefined {
  const flags: Record<string, string | boolean> = {}
  const args: Record<string, string> = {}
  const argDefs = Object.values(command.args ?? {})
  if (argDefs.some((def) => def.required || def.options)) return undefined
  const seen = new Set<string>()
  let position = 0
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string
    if (token === '' || token === '-' || token === '--') return undefined
    if (!token.startsWith('-')) {
      const def = argDefs[position++]
      if (def === undefined) return undefined
      args[def.name] = token
      continue
    }
    if (!token.startsWith('--')) return undefined
    const eq = token.indexOf('=')
    const name = token.slice(2, eq === -1 ? undefined : eq)
    const negated = name.startsWith('no-') && command.flags[name] === undefined
    const flag = command.flags[negated ? name.slice(3) : name]
    if (flag === undefined || flag.multiple || seen.has(flag.name)) return undefined
    seen.add(flag.name)
    if (flag.type === 'boolean') {
      if (eq !== -1 || (negated && !flag.allowNo)) return undefined
      flags[flag.name] = !negated
      continue
    }
    if (negated) return undefined
    const value = eq === -1 ? argv[++i] : token.slice(eq + 1)
    if (value === undefined || value === '' || value.startsWith('-')) return undefined
    if (flag.options && !flag.options.includes(value)) return undefined
    flags[flag.name] = value
  }
  for (const def of argDefs)
    if (args[def.name] === undefined && typeof def.default === 'string') args[def.name] = def.default
  for (const flag of Object.values(command.flags)) {
    if (flag.type === 'option' && flags[flag.name] === undefined && typeof flag.default === 'string')
      flags[flag.name] = flag.default
  }
  return { args, flags }
}
