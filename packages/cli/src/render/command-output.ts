import type { PdkError } from '@pdk/core'
import { type Colors, colors } from './colors.js'

/** Exit codes of every pdk command: 0 success, 1 the work failed, 2 the command was used wrongly. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/**
 * Prints a command's result: the JSON document with `json`, else `render(result)` on stdout.
 * Sets exit code 1 when the result says `ok: false`. Shared by the base command and the fast
 * dispatch of bin/run.js, so both print exactly the same.
 */
export function printResult<R>(result: R, render: (result: R, c: Colors) => string, json: boolean): R {
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  else {
    const text = render(result, colors(process.stdout))
    if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
  }
  if ((result as { ok?: unknown })?.ok === false) process.exitCode = EXIT.failed
  return result
}

/** Prints an error (the error document on stdout with `json`, else the rendered error on stderr) and sets exit code 2 for misuse, else 1. */
export async function printError(error: PdkError, json: boolean, verbose: boolean): Promise<void> {
  const { renderError, toErrorDocument } = await import('./error.js')
  if (json) process.stdout.write(`${JSON.stringify(toErrorDocument(error, verbose), null, 2)}\n`)
  else process.stderr.write(renderError(error, colors(process.stderr), verbose))
  process.exitCode = error.code === 'PDK_USAGE' ? EXIT.usage : EXIT.failed
}
