import { readFileSync } from 'node:fs'
import { isAbsolute, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Finding } from '@pdk/core'
import type { ValidateReport } from '../lib/validate/types.js'
import type { Colors } from './colors.js'

/** Where a finding is: `package.json:12:5`. */
export function findingPlace(finding: Finding): string {
  if (!finding.file) return ''
  if (finding.line === undefined) return finding.file
  return `${finding.file}:${finding.line}${finding.column !== undefined ? `:${finding.column}` : ''}`
}

/**
 * The human report: one block per finding (`error  rule  file:line:column  pointer`, the
 * message, `Hint: ...`), what `--fix` changed, then one summary line.
 */
export function renderValidate(report: ValidateReport, c: Colors): string {
  const blocks: string[] = []
  for (const finding of report.findings) {
    const severity = finding.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warn '))
    const head = [severity, c.bold(finding.rule), findingPlace(finding), finding.pointer ? c.gray(finding.pointer) : '']
      .filter(Boolean)
      .join('  ')
    const lines = [head, ...finding.message.split('\n').map((line) => `  ${line}`)]
    if (finding.expected !== undefined || finding.found !== undefined) {
      const pair = [finding.expected && `expected ${finding.expected}`, finding.found && `found ${finding.found}`]
      lines.push(c.gray(`  (${pair.filter(Boolean).join('; ')})`))
    }
    if (finding.hint) lines.push(`  ${c.cyan('Hint:')} ${finding.hint}`)
    blocks.push(lines.join('\n'))
  }
  if (report.fixed && report.fixed.length > 0) {
    const title = report.dryRun ? 'Would fix (dry run, nothing written):' : 'Fixed in package.json:'
    blocks.push([c.bold(title), ...report.fixed.map((fix) => `  ${fix.rule}  ${fix.description}`)].join('\n'))
  } else if (report.fixed) {
    blocks.push(c.gray('Nothing to fix automatically.'))
  }
  blocks.push(summaryLine(report, c))
  return `${blocks.join('\n\n')}\n`
}

function summaryLine(report: ValidateReport, c: Colors): string {
  const { errors, warnings } = report.summary
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  const who = report.name ? `${report.name}${report.version ? `@${report.version}` : ''}` : report.path
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
  const skipped = Object.entries(report.checks)
    .filter(([, status]) => status === 'skipped')
    .map(([name]) => name)
  const note = skipped.length ? c.gray(` (not checked: ${skipped.join(', ')})`) : ''
  if (report.ok) return `${c.green('✔')} ${who} is valid: ${counts}${note}`
  const strict = errors === 0 && report.strict ? ' (--strict: warnings fail)' : ''
  return `${c.red('✖')} ${who} is not valid: ${counts}${strict}${note}`
}

/** Rule metadata for SARIF's `tool.driver.rules`. */
export interface SarifRuleInfo {
  id: string
  severity: 'error' | 'warn'
  description: string
}

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'

/** The report as a SARIF 2.1.0 log for code scanning: one run, rules from both catalogues, one result per finding. */
export function toSarif(report: ValidateReport, rules: readonly SarifRuleInfo[]): Record<string, unknown> {
  // Every rule is listed, so code scanning knows the whole catalogue; ids of other origin are appended.
  const ids = rules.map((rule) => rule.id)
  for (const finding of report.findings) if (!ids.includes(finding.rule)) ids.push(finding.rule)
  const level = (severity: string) => (severity === 'error' ? 'error' : 'warning')
  const results = report.findings.map((finding) => {
    const result: Record<string, unknown> = {
      ruleId: finding.rule,
      ruleIndex: ids.indexOf(finding.rule),
      level: level(finding.severity),
      message: { text: finding.hint ? `${finding.message}\nHint: ${finding.hint}` : finding.message },
    }
    if (finding.file) {
      const uri = (isAbsolute(finding.file) ? relative(report.path, finding.file) : finding.file).replaceAll('\\', '/')
      const physicalLocation: Record<string, unknown> = { artifactLocation: { uri, uriBaseId: 'PROJECTROOT' } }
      if (finding.line !== undefined && finding.line >= 1) {
        physicalLocation.region = {
          startLine: finding.line,
          ...(finding.column !== undefined && finding.column >= 1 && { startColumn: finding.column }),
        }
      }
      const location: Record<string, unknown> = { physicalLocation }
      if (finding.pointer !== undefined)
        location.logicalLocations = [{ fullyQualifiedName: finding.pointer || '/', kind: 'member' }]
      result.locations = [location]
    }
    const properties: Record<string, unknown> = {}
    if (finding.pointer !== undefined) properties.pointer = finding.pointer
    if (finding.expected !== undefined) properties.expected = finding.expected
    if (finding.found !== undefined) properties.found = finding.found
    if (Object.keys(properties).length) result.properties = properties
    return result
  })
  const info = new Map(rules.map((rule) => [rule.id, rule]))
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pdk',
            semanticVersion: pdkVersion(),
            informationUri: 'https://github.com/pdk/pdk',
            rules: ids.map((id) => {
              const rule = info.get(id)
              return {
                id,
                shortDescription: { text: rule?.description ?? id },
                defaultConfiguration: { level: level(rule?.severity ?? 'error') },
              }
            }),
          },
        },
        originalUriBaseIds: { PROJECTROOT: { uri: `${pathToFileURL(report.path).href}/` } },
        invocations: [{ executionSuccessful: true }],
        results,
      },
    ],
  }
}

function pdkVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
      .version
  } catch {
    return '0.0.0'
  }
}
