import { describe, expect, it } from 'vitest'
import type { Packument } from '../registry/read-packument.js'
import type { FitContext } from './check-plugin-fit.js'
import { pickVersion } from './pick-version.js'

const version = (v: string, range: string, extra: Record<string, unknown> = {}) => ({
  name: 'pdk-plugin-x',
  version: v,
  keywords: ['pdk-plugin'],
  pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'h', range } },
  ...extra,
})
const packument: Packument = {
  name: 'pdk-plugin-x',
  'dist-tags': { latest: '3.0.0', next: '3.1.0-beta.1' },
  versions: {
    '1.0.0': version('1.0.0', '^1.0.0'),
    '1.5.0': version('1.5.0', '^1.0.0'),
    '1.6.0': version('1.6.0', '^1.0.0', { deprecated: 'broken' }),
    '2.0.0': version('2.0.0', '^1.2.0', { peerDependencies: { '@pdk/core': '^2.0.0' } }),
    '3.0.0': version('3.0.0', '^2.0.0'),
    '3.1.0-beta.1': version('3.1.0-beta.1', '^2.0.0'),
  },
}
const ctx = (over: Partial<FitContext> = {}): FitContext => ({
  host: { name: 'h', version: '1.4.0' },
  coreVersion: '0.1.0',
  constraints: [],
  ...over,
})

describe('pickVersion', () => {
  it('takes the newest version that fits the host, skipping deprecated ones and other @pdk/core majors', () => {
    expect(pickVersion(packument, '*', ctx())).toBe('1.5.0')
    expect(pickVersion(packument, '*', ctx({ coreVersion: '2.1.0' }))).toBe('2.0.0')
    expect(pickVersion(packument, '*', ctx({ host: { name: 'h', version: '2.0.0' } }))).toBe('3.0.0')
  })

  it('honours a range, an exact deprecated version and a dist-tag', () => {
    expect(pickVersion(packument, '~1.0.0', ctx())).toBe('1.0.0')
    expect(pickVersion(packument, '1.6.0', ctx())).toBe('1.6.0')
    expect(pickVersion(packument, 'next', ctx({ host: { name: 'h', version: '2.0.0' } }))).toBe('3.1.0-beta.1')
  })

  it('respects ranges installed plugins put on it', () => {
    const constraints = [{ from: 'pdk-plugin-y', range: '~1.0.0' }]
    expect(pickVersion(packument, '*', ctx({ constraints }))).toBe('1.0.0')
    expect(() => pickVersion(packument, '1.5.0', ctx({ constraints }))).toThrow(
      'Plugin "pdk-plugin-y" needs "pdk-plugin-x@~1.0.0", which 1.5.0 is not.',
    )
  })

  it('says why the newest candidate does not fit, and what was published when nothing matches', () => {
    expect(() => pickVersion(packument, '*', ctx({ host: { name: 'h', version: '0.5.0' } }))).toThrow(
      /No version of "pdk-plugin-x" matching "\*" fits h@0\.5\.0; the newest, "pdk-plugin-x@3\.0\.0" works with h@\^2\.0\.0/,
    )
    expect(() => pickVersion(packument, '^3.0.0', ctx())).toThrow(
      '"pdk-plugin-x@3.0.0" works with h@^2.0.0, but this host is h@1.4.0.',
    )
    expect(() => pickVersion(packument, '^9', ctx())).toThrow(
      /No version of "pdk-plugin-x" matches "\^9" \(published: 3\.1\.0-beta\.1, 3\.0\.0/,
    )
    expect(() => pickVersion(packument, '*', ctx({ host: { name: 'other', version: '1.0.0' } }))).toThrow(
      'is made for host "h", not "other"',
    )
  })
})
