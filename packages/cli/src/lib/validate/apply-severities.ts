import type { Finding } from '@pdk/core'
import { didYouMean } from '../../render/error.js'
import { packageRules } from './package-rules.js'

/** Severities a project sets per rule (`validate.rules` of pdk.config.json). */
export type RuleSeverities = Record<string, 'error' | 'warn' | 'off'>

/**
 * Applies the project's severities to `package/*` findings (`off` drops them). `manifest/*`
 * findings keep theirs: they are what a host refuses. Returns the findings and, as
 * `config/rule-severity` warnings, the settings that were ignored and why.
 */
export function applySeverities(
  findings: Finding[],
  rules: RuleSeverities,
  manifestRuleIds: readonly string[],
  configFile = 'pdk.config.json',
): Finding[] {
  const known = [...packageRules.map((r) => r.id as string), ...manifestRuleIds]
  const notes: Finding[] = []
  for (const [rule, severity] of Object.entries(rules)) {
    const pointer = `/validate/rules/${rule.replaceAll('~', '~0').replaceAll('/', '~1')}`
    if (rule.startsWith('manifest/') && manifestRuleIds.includes(rule)) {
      if (severity !== 'error')
        notes.push({
          rule: 'config/rule-severity',
          severity: 'warn',
          file: configFile,
          pointer,
          message: `"${rule}" is set to "${severity}", but manifest rules cannot be turned down: a host refuses what they report.`,
          hint: `Remove "${rule}" from validate.rules and fix what it reports.`,
        })
      continue
    }
    if (!known.includes(rule)) {
      const suggestion = didYouMean(rule, known)
      notes.push({
        rule: 'config/rule-severity',
        severity: 'warn',
        file: configFile,
        pointer,
        message: `validate.rules names "${rule}", which is not a pdk validate rule.`,
        hint: suggestion
          ? `Did you mean "${suggestion}"?`
          : 'Run `pdk validate --json` to see the rule ids findings carry.',
      })
    }
  }
  const out: Finding[] = []
  for (const finding of [...findings, ...notes]) {
    const setting = finding.rule.startsWith('manifest/') ? undefined : rules[finding.rule]
    if (setting === 'off') continue
    out.push(setting === undefined ? finding : { ...finding, severity: setting })
  }
  return out
}
