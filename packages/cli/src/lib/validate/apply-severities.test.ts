import type { Finding } from '@pdk/core'
import { describe, expect, it } from 'vitest'
import { applySeverities } from './apply-severities.js'

const f = (rule: string, severity: 'error' | 'warn' = 'error'): Finding => ({ rule, severity, message: rule })
const MANIFEST = ['manifest/fs-escape', 'manifest/bom']

describe('applySeverities', () => {
  it('turns package rules off, down and up', () => {
    const out = applySeverities(
      [f('package/readme-untouched', 'warn'), f('package/license', 'warn'), f('package/description')],
      { 'package/readme-untouched': 'off', 'package/license': 'error', 'package/description': 'warn' },
      MANIFEST,
    )
    expect(out.map((x) => [x.rule, x.severity])).toEqual([
      ['package/license', 'error'],
      ['package/description', 'warn'],
    ])
  })
  it('never turns down a manifest rule, and says so', () => {
    const out = applySeverities([f('manifest/fs-escape')], { 'manifest/fs-escape': 'off' }, MANIFEST)
    expect(out[0]).toMatchObject({ rule: 'manifest/fs-escape', severity: 'error' })
    expect(out[1]).toMatchObject({
      rule: 'config/rule-severity',
      severity: 'warn',
      file: 'pdk.config.json',
      pointer: '/validate/rules/manifest~1fs-escape',
    })
    expect(out[1]?.message).toContain('cannot be turned down')
  })
  it('warns about unknown rule ids with a did-you-mean', () => {
    const out = applySeverities([], { 'package/licence': 'off' }, MANIFEST)
    expect(out).toHaveLength(1)
    expect(out[0]?.hint).toBe('Did you mean "package/license"?')
  })
  it('lets the config turn its own warnings off', () => {
    expect(applySeverities([], { 'package/licence': 'off', 'config/rule-severity': 'off' }, MANIFEST)).toEqual([])
  })
})
