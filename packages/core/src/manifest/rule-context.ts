import { childPointer } from './json-pointer.js'
import type { ManifestRuleId } from './manifest-rules.js'
import type { ManifestFix } from './types.js'

/** What a rule reports; `severity` defaults to the rule's own. */
export interface RuleFinding {
  rule: ManifestRuleId
  pointer: string
  message: string
  expected?: string
  found?: string
  hint?: string
  severity?: 'error' | 'warn'
  fix?: ManifestFix
}

/** What every rule function sees: the manifest (already known to be an object) and a way to report. */
export interface RuleContext {
  readonly pkg: Record<string, unknown>
  /** `pkg.pdk` when it is an object; rules about `pdk` do nothing otherwise. */
  readonly pdk: Record<string, unknown> | undefined
  report(finding: RuleFinding): void
}

/** A semantic manifest rule: reads the context, reports findings, never throws on odd shapes. */
export type RuleCheck = (context: RuleContext) => void

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The string items of `list` (an array or not) with their pointers; other items are the schema's business. */
export function stringItems(list: unknown, pointer: string): [string, string][] {
  if (!Array.isArray(list)) return []
  const items: [string, string][] = []
  list.forEach((item, index) => {
    if (typeof item === 'string') items.push([item, childPointer(pointer, index)])
  })
  return items
}

/** The string values of an object map with their keys and pointers. */
export function stringEntries(map: unknown, pointer: string): [string, string, string][] {
  if (!isObject(map)) return []
  const entries: [string, string, string][] = []
  for (const [key, value] of Object.entries(map)) {
    if (typeof value === 'string') entries.push([key, value, childPointer(pointer, key)])
  }
  return entries
}
