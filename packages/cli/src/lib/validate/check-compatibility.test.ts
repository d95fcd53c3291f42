import { describe, expect, it } from 'vitest'
import { fixtureDir, linkCore, removeFixture } from '../../../test/helpers/fixture-dir.js'
import { type CoreInfo, checkCorePeer, checkEnginesNode, checkHostRange, findCore } from './check-compatibility.js'

const core: CoreInfo = { version: '1.4.0', engines: '>=22', where: 'project' }

describe('checkEnginesNode', () => {
  it('passes a range that overlaps the one @pdk/core needs', () => {
    expect(checkEnginesNode({ engines: { node: '>=20' } }, core)).toEqual([])
    expect(checkEnginesNode({ engines: { node: '^22.22.2 || >=24' } }, core)).toEqual([])
  })
  it('warns when missing, errs when invalid or disjoint', () => {
    expect(checkEnginesNode({}, core)[0]).toMatchObject({ rule: 'package/engines-node', severity: 'warn', pointer: '' })
    expect(checkEnginesNode({ engines: { node: 'banana' } }, core)[0]).toMatchObject({
      severity: 'error',
      pointer: '/engines/node',
      found: '"banana"',
    })
    expect(checkEnginesNode({ engines: { node: 18 } }, core)[0]?.severity).toBe('error')
    const [disjoint] = checkEnginesNode({ engines: { node: '<20' } }, core)
    expect(disjoint?.message).toContain('admits no Node version that @pdk/core runs on (>=22)')
  })
})

describe('checkCorePeer', () => {
  it('passes a range that accepts the @pdk/core the plugin meets, and workspace ranges', () => {
    expect(checkCorePeer({ peerDependencies: { '@pdk/core': '^1.2.0' } }, core)).toEqual([])
    expect(checkCorePeer({ peerDependencies: { '@pdk/core': 'workspace:^' } }, core)).toEqual([])
    expect(checkCorePeer({ peerDependencies: { '@pdk/core': 'workspace:^1.0.0' } }, core)).toEqual([])
  })
  it('reports a missing peer, or @pdk/core in dependencies', () => {
    expect(checkCorePeer({}, core)[0]).toMatchObject({
      rule: 'package/core-peer',
      severity: 'warn',
      hint: expect.stringContaining('^1.4.0'),
    })
    expect(checkCorePeer({ dependencies: { '@pdk/core': '^1.0.0' } }, core)[0]).toMatchObject({
      pointer: '/dependencies/@pdk~1core',
    })
  })
  it('errs on invalid, unsatisfiable or excluding ranges', () => {
    expect(checkCorePeer({ peerDependencies: { '@pdk/core': 'nope' } }, core)[0]?.message).toContain(
      'not a valid semver range',
    )
    expect(checkCorePeer({ peerDependencies: { '@pdk/core': '>2 <1' } }, core)[0]?.severity).toBe('error')
    const [excluding] = checkCorePeer({ peerDependencies: { '@pdk/core': '^2.0.0' } }, core)
    expect(excluding?.message).toBe(
      '"peerDependencies" "@pdk/core" "^2.0.0" does not accept @pdk/core 1.4.0 (installed in the project).',
    )
    expect(checkCorePeer({ peerDependencies: { '@pdk/core': 2 } }, core)[0]?.pointer).toBe(
      '/peerDependencies/@pdk~1core',
    )
  })
})

describe('checkHostRange', () => {
  it('errs on a valid range that admits nothing; leaves invalid ones to the manifest rules', () => {
    expect(checkHostRange({ pdk: { host: { range: '^1.0.0' } } })).toEqual([])
    expect(checkHostRange({ pdk: { host: { range: 'garbage' } } })).toEqual([])
    expect(checkHostRange({ pdk: { host: { range: '>3.0.0 <2.0.0' } } })[0]).toMatchObject({
      rule: 'package/host-range',
      pointer: '/pdk/host/range',
    })
  })
})

describe('findCore', () => {
  it("finds the project's @pdk/core through a workspace link, else pdk's own", async () => {
    const withCore = await fixtureDir({ 'package.json': '{}', ...linkCore })
    const without = await fixtureDir({ 'package.json': '{}' })
    try {
      expect(await findCore(withCore)).toMatchObject({
        where: 'project',
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      })
      expect(await findCore(without)).toMatchObject({ where: 'pdk' })
    } finally {
      await removeFixture(withCore)
      await removeFixture(without)
    }
  })
})
