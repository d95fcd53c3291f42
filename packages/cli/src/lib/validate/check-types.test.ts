import { afterAll, describe, expect, it } from 'vitest'
import { linkTypescript } from '../../../test/fixtures/validate/plugin-files.js'
import { type FixtureFile, fixtureDir, removeFixture } from '../../../test/helpers/fixture-dir.js'
import { checkTypes } from './check-types.js'

const dirs: string[] = []
const project = async (files: Record<string, FixtureFile>) => {
  const d = await fixtureDir({ 'package.json': { name: 'p', version: '1.0.0', type: 'module' }, ...files })
  dirs.push(d)
  return d
}
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})

const tsconfig = {
  compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', skipLibCheck: true, types: [] },
  include: ['src'],
}

describe('checkTypes', () => {
  it("turns the project's own tsc diagnostics into findings with file, line and column", async () => {
    const cwd = await project({
      'tsconfig.json': tsconfig,
      'src/index.ts': 'export const ok: number = 1\nexport const bad: number = "two"\n',
      ...linkTypescript,
    })
    const outcome = await checkTypes(cwd)
    expect(outcome.ran).toBe(true)
    expect(outcome.findings).toEqual([
      expect.objectContaining({
        rule: 'package/typecheck',
        severity: 'error',
        file: 'src/index.ts',
        line: 2,
        column: 14,
      }),
    ])
    expect(outcome.findings[0]?.message).toMatch(/^TS2322: Type 'string' is not assignable to type 'number'/)
  })
  it('passes a project that type-checks', async () => {
    const cwd = await project({ 'tsconfig.json': tsconfig, 'src/index.ts': 'export const ok = 1\n', ...linkTypescript })
    expect(await checkTypes(cwd)).toEqual({ ran: true, findings: [] })
  })
  it('warns when the project has no TypeScript of its own', async () => {
    const cwd = await project({ 'tsconfig.json': tsconfig, 'src/index.ts': 'export const bad: number = "x"\n' })
    const outcome = await checkTypes(cwd)
    expect(outcome.ran).toBe(false)
    expect(outcome.findings[0]).toMatchObject({
      rule: 'package/typecheck-unavailable',
      severity: 'warn',
      hint: expect.stringContaining('typescript'),
    })
  })
  it('skips a JavaScript project (no tsconfig.json)', async () => {
    expect(await checkTypes(await project({ 'src/index.js': 'export {}' }))).toEqual({ ran: false, findings: [] })
  })
})
