import { locateOffset } from './locate-pointer.js'
import type { Finding, ParsedManifestText } from './types.js'

/** Above this size package.json gets a `manifest/too-large` warning. */
export const MAX_MANIFEST_BYTES = 1024 * 1024

function syntaxHint(text: string, offset: number, name: string): string {
  const rest = text.slice(offset).trimStart()
  const before = text.slice(0, offset).trimEnd()
  if (text.trim() === '')
    return `${name} is empty: write a JSON object${name === 'package.json' ? ', or scaffold a plugin with `pdk init`' : ''}.`
  if (before.endsWith(',') && /^[}\]]/.test(rest)) return 'Remove the trailing comma before the closing bracket.'
  if (rest.startsWith('//') || rest.startsWith('/*')) return 'JSON has no comments: remove them.'
  if (rest.startsWith("'")) return 'JSON strings and keys use double quotes (").'
  if (/^[A-Za-z_$]/.test(rest) && before.endsWith('{')) return 'Keys in JSON are quoted: write "key": value.'
  if (/^["{[]/.test(rest) && /["}\]\d el]$/.test(before)) return 'A comma is missing between the two entries.'
  if (offset >= text.length) return 'The text ends early: close every open { and [, and every string.'
  return 'Fix the JSON at that position (a JSON-aware editor shows the same spot).'
}

function errorOffset(error: Error, text: string): number {
  const position = /at position (\d+)/.exec(error.message)?.[1]
  if (position !== undefined) return Number(position)
  const lineColumn = /line (\d+) column (\d+)/.exec(error.message)
  if (lineColumn) {
    const lines = text.split('\n')
    const line = Number(lineColumn[1])
    return lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + Number(lineColumn[2]) - 1
  }
  return text.length
}

/**
 * Parses the text of a package.json. Malformed JSON is a `manifest/json` finding with line and
 * column (no value); a UTF-8 byte-order mark is accepted, as npm accepts it, with a
 * `manifest/bom` warning. Never throws.
 */
export function parseManifestText(text: string, file?: string): ParsedManifestText {
  return parseJsonDocument(text, { file, name: 'package.json', prefix: 'manifest' })
}

/** `parseManifestText` for another JSON document of pdk's (pdk.config.json): its name in messages and its rule prefix. */
export function parseJsonDocument(
  text: string,
  { file, name, prefix }: { file?: string | undefined; name: string; prefix: string },
): ParsedManifestText {
  const findings: Finding[] = []
  const where = file === undefined ? {} : { file }
  let body = text
  if (body.charCodeAt(0) === 0xfeff) {
    body = body.slice(1)
    findings.push({
      rule: `${prefix}/bom`,
      severity: 'warn',
      ...where,
      pointer: '',
      line: 1,
      column: 1,
      message: `${name} starts with a UTF-8 byte-order mark; npm accepts it, but other tools reading the file may not.`,
      expected: 'UTF-8 without a byte-order mark',
      found: 'a byte-order mark (U+FEFF) before the first "{"',
      hint: 'Save the file as UTF-8 without BOM (in VS Code: "Change File Encoding" > "UTF-8").',
    })
  }
  const bytes = Buffer.byteLength(text)
  if (bytes > MAX_MANIFEST_BYTES) {
    findings.push({
      rule: `${prefix}/too-large`,
      severity: 'warn',
      ...where,
      pointer: '',
      message: `${name} is ${(bytes / 1024 / 1024).toFixed(1)} MiB; every tool that reads it pays for that.`,
      expected: 'less than 1 MiB',
      found: `${bytes} bytes`,
      hint: `Move data out of ${name} into files of their own.`,
    })
  }
  try {
    return { value: JSON.parse(body) as unknown, findings }
  } catch (error) {
    // The offset is into `body`; the reported location is into the file as written.
    const offset = errorOffset(error as Error, body)
    const shift = body === text ? 0 : 1
    const { line, column } = locateOffset(text, offset + shift)
    const reason = (error as Error).message
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/,?\s*(?:in JSON )?at position \d+/, '')
      .replace(/^JSON\.parse: /, '')
      .replace(/ in JSON$/, '')
    const lineText = text.split('\n')[line - 1] ?? ''
    findings.push({
      rule: `${prefix}/json`,
      severity: 'error',
      ...where,
      pointer: '',
      line,
      column,
      message: `${name} is not valid JSON: ${reason} at line ${line}, column ${column}.`,
      expected: 'valid JSON',
      found: lineText.trim() === '' ? 'the end of the text' : lineText.trim().slice(0, 80),
      hint: syntaxHint(body, offset, name),
    })
    return { findings }
  }
}
