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
  if (!parseError) return undefined
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
  const message = err.message.split('\n')[0]?.replace(/\.?$/, '.') ?? 'The command was used wrongly.'
  return new PdkError('PDK_USAGE', message, { hint: help, details: {} })
}
