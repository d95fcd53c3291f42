/** The colour functions the renderers use; identity functions when colour is off. */
export interface Colors {
  bold(text: string): string
  dim(text: string): string
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
  cyan(text: string): string
  gray(text: string): string
}

const ESC = '\u001b['
const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `${ESC}${open}m${text}${ESC}${close}m`

const on: Colors = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
  gray: wrap(90, 39),
}
const id = (text: string) => text
const off: Colors = { bold: id, dim: id, red: id, green: id, yellow: id, cyan: id, gray: id }

let forced: boolean | undefined

/** Turns colour on or off for the rest of the process (`--color` / `--no-color`). */
export function setColor(enabled: boolean | undefined): void {
  forced = enabled
}

/** True when output to `stream` should be coloured: not when `NO_COLOR` is set, `--no-color` was given, or it is not a TTY. */
export function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (forced !== undefined) return forced
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true
  return stream.isTTY === true
}

/** The colour functions for `stream` (stdout by default). */
export function colors(stream: NodeJS.WriteStream = process.stdout): Colors {
  return colorEnabled(stream) ? on : off
}
