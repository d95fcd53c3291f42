import { afterEach, describe, expect, it } from 'vitest'
import { pluginFiles } from '../../../test/fixtures/validate/plugin-files.js'
import { type FixtureFile, fixtureDir, removeFixture } from '../../../test/helpers/fixture-dir.js'
import { checkTargets, normaliseTarget } from './check-targets.js'

const dirs: string[] = []
const project = async (files: Record<string, FixtureFile>) => {
  const d = await fixtureDir(files)
  dirs.push(d)
  return d
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeFixture))
})

const manifest = (files: Record<string, FixtureFile>) => files['package.json'] as Record<string, unknown>

describe('checkTargets', () => {
  it('finds the entry and every present target of a built plugin', async () => {
    const files = pluginFiles()
    const cwd = await project(files)
    const outcome = checkTargets(cwd, manifest(files))
    expect(outcome.findings).toEqual([])
    expect(outcome.built).toBe(true)
    expect(outcome.entryFile).toBe(`${cwd}/dist/index.js`)
    expect(outcome.present.map((p) => `${p.file} ${p.target.pointer}`)).toEqual([
      'dist/index.d.ts /exports/./types',
      'dist/index.js /exports/./import',
      'dist/index.d.ts /types',
    ])
  })
  it('gives one "not built yet" finding, not a cascade, for a project with sources and no dist', async () => {
    const files = pluginFiles({ files: { 'src/index.ts': 'export {}' } })
    delete files['dist/index.js']
    delete files['dist/index.d.ts']
    const outcome = checkTargets(await project(files), manifest(files))
    expect(outcome.built).toBe(false)
    expect(outcome.findings).toHaveLength(1)
    expect(outcome.findings[0]).toMatchObject({
      rule: 'package/not-built',
      pointer: '/exports/./import',
      hint: 'Run `pdk build`, then `pdk validate` again.',
    })
    expect(outcome.findings[0]?.message).toMatch(/^Not built yet/)
  })
  it('reports a missing entry in a project with nothing to build as package/entry-file', async () => {
    const files = pluginFiles()
    delete files['dist/index.js']
    const [finding] = checkTargets(await project(files), manifest(files)).findings
    expect(finding).toMatchObject({ rule: 'package/entry-file', pointer: '/exports/./import' })
  })
  it('reports each missing types target of a built project', async () => {
    const files = pluginFiles()
    delete files['dist/index.d.ts']
    const outcome = checkTargets(await project(files), manifest(files))
    expect(outcome.findings.map((f) => [f.rule, f.pointer])).toEqual([
      ['package/target-missing', '/exports/./types'],
      ['package/target-missing', '/types'],
    ])
    expect(outcome.findings[0]?.hint).toContain('declarations')
  })
})

describe('normaliseTarget', () => {
  it('keeps paths inside the package and drops the others', () => {
    expect(normaliseTarget('./dist/./a.js')).toBe('dist/a.js')
    expect(normaliseTarget('dist\\b.js')).toBe('dist/b.js')
    expect(normaliseTarget('../x.js')).toBeUndefined()
    expect(normaliseTarget('/etc/passwd')).toBeUndefined()
    expect(normaliseTarget('C:/x.js')).toBeUndefined()
  })
})
