import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { pluginProject } from '../fixtures/build/plugin-files.js'
import { fixtureDir, removeFixture } from '../helpers/fixture-dir.js'
import { runPdk } from '../helpers/run-pdk.js'

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})

describe('pdk docs', () => {
  it('writes markdown docs and the manifest page, and says where', async () => {
    const cwd = await fixtureDir(pluginProject())
    dirs.push(cwd)
    const run = await runPdk(['docs'], { cwd })
    expect(run.code).toBe(0)
    expect(run.stdout.replace(/in \d+(\.\d+)?(ms|s)/, 'in <time>')).toMatchInlineSnapshot(`
      "Wrote 4 markdown files to docs/api/ in <time>
        API:       docs/api/README.md
        Manifest:  docs/api/manifest.md
      "
    `)
    expect(existsSync(join(cwd, 'docs/api/manifest.md'))).toBe(true)
  })

  it('--format html --out site --json', async () => {
    const cwd = await fixtureDir(pluginProject())
    dirs.push(cwd)
    const run = await runPdk(['docs', cwd, '--format', 'html', '--out', 'site', '--json'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({ ok: true, out: 'site', format: 'html', manifestPage: 'manifest.html' })
    expect(result.files).toContain('index.html')
  })

  it('a type error: the place, exit 1, no docs folder', async () => {
    const cwd = await fixtureDir(pluginProject())
    dirs.push(cwd)
    await writeFile(join(cwd, 'src/greet.ts'), 'export const greet: string = 1\n')
    const run = await runPdk(['docs'], { cwd })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      "Error: Type 'number' is not assignable to type 'string'. [TS2322] (src/greet.ts:1:14)",
    )
    expect(run.stdout).toContain('Docs failed: 2 errors. docs/api/ was left as it was.')
    expect(existsSync(join(cwd, 'docs'))).toBe(false)
  })

  it('a bad --format exits 2', async () => {
    const run = await runPdk(['docs', '--format', 'pdf'])
    expect(run.code).toBe(2)
  })
})
