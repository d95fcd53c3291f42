import { describe, expect, it } from 'vitest'
import type { ValidateReport } from '../lib/validate/types.js'
import type { Colors } from './colors.js'
import { renderValidate, toSarif } from './validate.js'

const plain: Colors = {
  bold: (t) => t,
  dim: (t) => t,
  red: (t) => t,
  green: (t) => t,
  yellow: (t) => t,
  cyan: (t) => t,
  gray: (t) => t,
}

const report = (over: Partial<ValidateReport> = {}): ValidateReport => ({
  ok: false,
  path: '/work/p',
  name: 'pdk-plugin-x',
  version: '1.2.3',
  strict: false,
  findings: [
    {
      rule: 'manifest/fs-escape',
      severity: 'error',
      file: 'package.json',
      line: 12,
      column: 5,
      pointer: '/pdk/permissions/fs/read/0',
      message: '"../secrets" leaves the package folder.',
      expected: 'a path inside the package',
      found: '"../secrets"',
      hint: 'Use a path inside the package.',
    },
    { rule: 'package/license', severity: 'warn', file: 'package.json', message: 'No license.\nSecond line.' },
  ],
  summary: { errors: 1, warnings: 1 },
  checks: { manifest: 'failed', files: 'passed', entry: 'passed', typecheck: 'skipped', package: 'passed' },
  ...over,
})

describe('renderValidate', () => {
  it('prints one block per finding and a summary line', () => {
    expect(renderValidate(report(), plain)).toBe(
      [
        'error  manifest/fs-escape  package.json:12:5  /pdk/permissions/fs/read/0',
        '  "../secrets" leaves the package folder.',
        '  (expected a path inside the package; found "../secrets")',
        '  Hint: Use a path inside the package.',
        '',
        'warn   package/license  package.json',
        '  No license.',
        '  Second line.',
        '',
        '✖ pdk-plugin-x@1.2.3 is not valid: 1 error, 1 warning (not checked: typecheck)',
        '',
      ].join('\n'),
    )
  })
  it('says what --fix changed or would change', () => {
    const fixed = [
      {
        rule: 'package/keyword',
        pointer: '/keywords',
        description: 'added "pdk-plugin" to "keywords"',
        applied: false,
      },
    ]
    const text = renderValidate(
      report({ fixed, dryRun: true, findings: [], ok: true, summary: { errors: 0, warnings: 0 } }),
      plain,
    )
    expect(text).toBe(
      'Would fix (dry run, nothing written):\n  package/keyword  added "pdk-plugin" to "keywords"\n\n✔ pdk-plugin-x@1.2.3 is valid: 0 errors, 0 warnings (not checked: typecheck)\n',
    )
    expect(renderValidate(report({ fixed: [], findings: [], ok: true }), plain)).toContain(
      'Nothing to fix automatically.',
    )
  })
  it('explains a failure by warnings under --strict', () => {
    const text = renderValidate(report({ strict: true, findings: [], summary: { errors: 0, warnings: 2 } }), plain)
    expect(text).toContain('is not valid: 0 errors, 2 warnings (--strict: warnings fail)')
  })
})

describe('toSarif', () => {
  it('maps findings to SARIF 2.1.0 results with rules, levels and locations', () => {
    const sarif = toSarif(report(), [
      { id: 'manifest/fs-escape', severity: 'error', description: 'fs paths stay inside' },
      { id: 'package/license', severity: 'warn', description: 'a license' },
    ]) as { version: string; runs: { tool: { driver: { rules: unknown[] } }; results: Record<string, unknown>[] }[] }
    expect(sarif.version).toBe('2.1.0')
    const [run] = sarif.runs
    expect(run?.tool.driver.rules).toEqual([
      {
        id: 'manifest/fs-escape',
        shortDescription: { text: 'fs paths stay inside' },
        defaultConfiguration: { level: 'error' },
      },
      { id: 'package/license', shortDescription: { text: 'a license' }, defaultConfiguration: { level: 'warning' } },
    ])
    expect(run?.results[0]).toMatchObject({
      ruleId: 'manifest/fs-escape',
      ruleIndex: 0,
      level: 'error',
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'package.json' }, region: { startLine: 12, startColumn: 5 } } },
      ],
    })
    expect(run?.results[1]).toMatchObject({ ruleId: 'package/license', ruleIndex: 1, level: 'warning' })
    expect(JSON.stringify(run?.results[1])).not.toContain('region')
  })
  it('appends rules it does not know, so every result has a rule', () => {
    const sarif = toSarif(report({ findings: [{ rule: 'config/json', severity: 'error', message: 'bad' }] }), []) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleIndex: number; locations?: unknown }[] }[]
    }
    expect(sarif.runs[0]?.tool.driver.rules.map((r) => r.id)).toEqual(['config/json'])
    expect(sarif.runs[0]?.results[0]).toMatchObject({ ruleIndex: 0 })
    expect(sarif.runs[0]?.results[0]?.locations).toBeUndefined()
  })
})
