import type { Finding } from '@pdk/core'

/** Severities a project sets per rule (`validate.rules` of pdk.config.json). */
export type RuleSeverities = Record<string, 'error' | 'warn' | 'off'>

/**
 * The project's severity for each finding of a `package/*` (or `config/*`) rule; `off` drops
 * it. `manifest/*` findings keep theirs: they are what a host refuses. Finding by finding, so
 * parts of a report can be done apart (the type-check after a cached rest).
 */
export function withSeverities(findings: readonly Finding[], rules: RuleSeverities): Finding[] {
  const out: Finding[] = []
  for (const finding of findings) {
    const setting = finding.rule.startsWith('manifest/') ? undefined : rules[finding.rule]
    if (setting === 'off') continue
    out.push(setting === undefined ? finding : { ...finding, severity: setting })
  }
  return out
}
