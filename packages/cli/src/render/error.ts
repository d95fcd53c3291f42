import type { Command } from '@oclif/core'
import { isPdkError, PdkError, type PdkErrorData } from '@pdk/core'
import { closest, distance } from 'fastest-levenshtein'
import type { Colors } from './colors.js'

/** The `{ ok: false, error }` document that `--json` prints when a command could not run. */
export function toErrorDocument(error: PdkError, verbose = false): { ok: false; error: PdkErrorData } {
  const data = error.toJSON({ stack: verbose })
  return { ok: false, error: data }
}

/** Where an error happened, as `file:line:column#/pointer`. */
export function formatPlace(details: PdkError['details']): string {
  let place = details.file ?? ''
  if (details.file && details.line !== undefined)
    place += `:${details.line}${details.column !== undefined ? `:${details.column}` : ''}`
  if (details.pointer !== undefined) place += `${place ? ' ' : ''}#${details.pointer}`
  return place
}

/** The short block of spec/cli.md: what went wrong and where, then a hint; a stack only when verbose. */
export function renderError(error: PdkError, c: Colors, verbose = false): string {
  const place = formatPlace(error.details)
  let text = `${c.red(c.bold('Error:'))} ${error.message}${place ? ` ${c.gray(`(${place})`)}` : ''}\n`
  if (error.hint) text += `${c.cyan('Hint:')} ${error.hint}\n`
  if (verbose) {
    text += `${c.gray(`[${error.code}]`)}\n`
    let cause: unknown = error
    while (cause instanceof Error) {
      if (cause.stack) text += `${c.gray(cause.stack)}\n`
      cause = cause.cause
    }
  }
  return text
}

/** The closest of `candidates` to `input`, when close enough to be a likely typo. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined
  const best = closest(input, candidates as string[])
  return distance(input, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined
}

/** Turns oclif's parse errors (unknown flag, bad value, missing or extra argument) into a `PDK_USAGE` error; undefined for anything else. */
export function usageErrorFrom(err: unknown, command: typeof Command): PdkError | undefined {
  if (isPdkError(err)) return err
  if (!(err instanceof Error)) return undefined
  const name = err.constructor.name
  const parseError =
    name.endsWith('FlagsError') ||
    name.endsWith('ArgsError') ||
    name.endsWith('OptionError') ||
    name.endsWith('ValidationError') ||
    name === 'CLIParseError' ||
    name === 'ViolatedFlagConstraintError'
  // A flag's own parser (Flags.integer, a custom parse) failed: oclif rethrows whatever it threw
  // with the message prefixed by `Parsing --flag`.
  const parsing = /^Parsing --([\w-]+)\s*\n\s*([\s\S]*?)\n?See more help with --help/.exec(err.message)
  if (!parseError && !parsing) return undefined
  const id = command.id ?? 'pdk'
  const help = `Run \`pdk ${id.replaceAll(':', ' ')} --help\` for its usage.`
  const flags = (err as { flags?: string[] }).flags
  if (name === 'NonExistentFlagsError' && flags?.length) {
    const known = Object.entries(command.flags ?? {}).flatMap(([flag, def]) => {
      const names = [`--${flag}`]
      if ((def as { allowNo?: boolean }).allowNo) names.push(`--no-${flag}`)
      if ((def as { char?: string }).char) names.push(`-${(def as { char?: string }).char}`)
      return names
    })
    const unknown = flags[0] ?? ''
    const suggestion = didYouMean(unknown.split('=')[0] ?? unknown, known)
    return new PdkError('PDK_USAGE', `Unknown flag ${flags.map((f) => `"${f}"`).join(', ')} for "pdk ${id}".`, {
      hint: suggestion ? `Did you mean "${suggestion}"? ${help}` : help,
      details: { flags },
    })
  }
  if (parsing) {
    const reason = (parsing[2] ?? '').trim().replace(/\.?$/, '.')
    return new PdkError('PDK_USAGE', `Invalid value for --${parsing[1]}: ${reason}`, {
      hint: help,
      details: { flag: parsing[1] },
    })
  }
  // oclif's "The following error(s) occurred:" header says nothing; the reasons below it do.
  const lines = stripAnsi(err.message)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  const body = /^The following errors? occurred:$/.test(lines[0] ?? '') ? lines.slice(1) : lines.slice(0, 1)
  const message = body.join(' ').replace(/\.?$/, '.') || 'The command was used wrongly.'
  return new PdkError('PDK_USAGE', message, { hint: help, details: {} })
}

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
  return text.replace(/\u001b\[[0-9;]*m/g, '')
}
