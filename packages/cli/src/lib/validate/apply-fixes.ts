import { randomBytes } from 'node:crypto'
import { chmod, rename, rm, stat, writeFile } from 'node:fs/promises'
import type { Finding, ManifestFix } from '@pdk/core'
import type { FixChange } from './types.js'

/** The fixes `--fix` may apply: only findings that carry one (one clear did-you-mean, a missing keyword, `"type": "module"`). */
export function fixableFindings(findings: readonly Finding[]): (Finding & { fix: ManifestFix })[] {
  return findings.filter((f): f is Finding & { fix: ManifestFix } => f.fix !== undefined && f.fixable !== false)
}

/**
 * Applies `fixes` to the JSON `text` of package.json and returns the new text, written as the
 * old one was (indentation, line endings, final newline, byte-order mark), and what changed.
 * A fix that no longer applies (the key is gone, the new name is taken) is skipped.
 */
export function applyFixes(
  text: string,
  fixes: readonly (Finding & { fix: ManifestFix })[],
): { text: string; changes: Omit<FixChange, 'applied'>[] } {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : ''
  const body = bom ? text.slice(1) : text
  const doc = JSON.parse(body) as Record<string, unknown>
  const changes: Omit<FixChange, 'applied'>[] = []
  for (const finding of fixes) {
    const description = applyOne(doc, finding.fix)
    if (description) changes.push({ rule: finding.rule, pointer: finding.fix.pointer, description })
  }
  if (changes.length === 0) return { text, changes }
  const newline = body.includes('\r\n') ? '\r\n' : '\n'
  let out = JSON.stringify(doc, null, detectIndent(body))
  if (newline !== '\n') out = out.replaceAll('\n', newline)
  if (/\r?\n$/.test(body)) out += newline
  return { text: bom + out, changes }
}

/** The indentation of a JSON text: the whitespace before its first indented line (two spaces when it has none). */
export function detectIndent(text: string): string | number {
  const match = /^([ \t]+)\S/m.exec(text)
  return match?.[1] ?? 2
}

/** Writes `file` atomically: a temporary file beside it, then one rename (keeping the file's mode). */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.pdk-${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  const mode = await stat(file).then(
    (s) => s.mode & 0o777,
    () => undefined,
  )
  try {
    await writeFile(temp, text)
    if (mode !== undefined) await chmod(temp, mode)
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

function applyOne(doc: Record<string, unknown>, fix: ManifestFix): string | undefined {
  const segments = decode(fix.pointer)
  const key = segments.pop()
  if (key === undefined) return undefined
  let parent: unknown = doc
  for (const segment of segments) {
    parent = isObject(parent) ? parent[segment] : undefined
  }
  if (!isObject(parent)) return undefined
  const where = segments.length ? `"${segments.join('.')}"` : 'package.json'
  if (fix.op === 'rename-key') {
    if (!(key in parent) || fix.to in parent) return undefined
    // Rebuild the object so the renamed key keeps its place.
    const entries = Object.entries(parent)
    for (const k of Object.keys(parent)) delete parent[k]
    for (const [k, v] of entries) setOwn(parent, k === key ? fix.to : k, v)
    return `renamed "${key}" to "${fix.to}" in ${where}`
  }
  const before = parent[key]
  if (JSON.stringify(before) === JSON.stringify(fix.value)) return undefined
  setOwn(parent, key, fix.value)
  const added = appended(before, fix.value)
  if (added) return `added ${added.map((v) => JSON.stringify(v)).join(', ')} to "${[...segments, key].join('.')}"`
  return before === undefined
    ? `added "${key}": ${JSON.stringify(fix.value)} to ${where}`
    : `changed "${key}" in ${where} from ${JSON.stringify(before)} to ${JSON.stringify(fix.value)}`
}

/** The items `after` adds at the end of the array `before`, when that is all that changes. */
function appended(before: unknown, after: unknown): unknown[] | undefined {
  if (!Array.isArray(before) || !Array.isArray(after) || after.length <= before.length) return undefined
  const same = before.every((item, i) => JSON.stringify(item) === JSON.stringify(after[i]))
  return same ? after.slice(before.length) : undefined
}

// A plain assignment of "__proto__" would change the prototype instead of adding a key.
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
}

function decode(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
