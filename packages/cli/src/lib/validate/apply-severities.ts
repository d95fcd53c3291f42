import type { Finding } from '@pdk/core'
import { didYouMean } from '../../render/error.js'
import { packageRules } from './package-rules.js'
import { type RuleSeverities, withSeverities } from './with-severities.js'

export type { RuleSeverities } from './with-severities.js'

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
  return withSeverities([...findings, ...severityNotes(rules, manifestRuleIds, configFile)], rules)
}

/** The `config/rule-severity` warnings about settings of `validate.rules` that are ignored, and why. */
export function severityNotes(
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
  return notes
}
