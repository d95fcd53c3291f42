import { fail } from './fail.js'

type VitestNode = typeof import('vitest/node')

/** What vitest's own command line makes of the arguments after `--`. */
export interface ParsedVitestArgs {
  filters: string[]
  options: Record<string, unknown>
}

/**
 * Parses extra arguments exactly as `vitest` does (its own CAC definition), so an unknown or
 * malformed option is refused before anything runs, as a usage error.
 */
export async function parseVitestArgs(api: VitestNode, args: readonly string[]): Promise<ParsedVitestArgs> {
  if (args.length === 0) return { filters: [], options: {} }
  const cli = api.createCLI()
  let parsed: { args: readonly string[]; options: Record<string, unknown> }
  try {
    parsed = cli.parse(['node', 'vitest', ...args], { run: false })
    cli.matchedCommand?.checkUnknownOptions()
  } catch (error) {
    return fail('PDK_USAGE', `vitest refused the arguments "${args.join(' ')}": ${(error as Error).message}.`, {
      hint: 'Pass only options `vitest run` accepts after `--` (see `npx vitest --help`), e.g. `pdk test -- -t "greets"`.',
      details: { vitestArgs: [...args] },
      cause: error,
    })
  }
  const { '--': _rest, color, ...options } = parsed.options
  // CAC fills `color: true` by default; keep it only when it was asked for.
  if (args.some((a) => a === '--color' || a === '--no-color')) options.color = color
  if (Array.isArray(options.exclude)) {
    options.cliExclude = options.exclude
    delete options.exclude
  } else if (typeof options.exclude === 'string') {
    options.cliExclude = [options.exclude]
    delete options.exclude
  }
  const filters = parsed.args.map(String)
  if (filters.some((f) => f.includes(':'))) options.includeTaskLocation ??= true
  return { filters, options }
}
