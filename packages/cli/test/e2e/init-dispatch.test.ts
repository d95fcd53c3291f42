import { readdir } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureDir, removeFixture } from '../helpers/fixture-dir.js'
import { runPdk, writeNoOclifHook } from '../helpers/run-pdk.js'

// bin/run.js runs a plain `pdk init …` without oclif, as it does `pdk validate`. Each command
// line runs both ways, the fast one under a hook that fails any import of @oclif/core, the
// other with PDK_NO_FAST_PATH, in two empty folders, and everything the user sees is compared.
let hook: string
const dirs: string[] = []
beforeAll(async () => {
  const dir = await fixtureDir({})
  dirs.push(dir)
  hook = await writeNoOclifHook(dir)
})
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})

/** Paths and durations differ between the two folders; nothing else may. */
const same = (text: string, cwd: string) => text.replaceAll(cwd, '<cwd>').replace(/\(\d+(\.\d+)?m?s\)/g, '(…)')

async function bothWays(args: string[], { forbidOclif = true } = {}) {
  const [fastDir, oclifDir] = [await fixtureDir({}), await fixtureDir({})]
  dirs.push(fastDir, oclifDir)
  const [fast, oclif] = await Promise.all([
    runPdk(args, { cwd: fastDir, env: forbidOclif ? { NODE_OPTIONS: `--import=${hook}` } : {} }),
    runPdk(args, { cwd: oclifDir, env: { PDK_NO_FAST_PATH: '1' } }),
  ])
  const view = (run: typeof fast, cwd: string) => ({
    code: run.code,
    stdout: same(run.stdout, cwd),
    stderr: same(run.stderr, cwd),
  })
  return { fast: view(fast, fastDir), oclif: view(oclif, oclifDir), fastDir, oclifDir }
}

describe('pdk init without oclif', () => {
  it.each([
    ['a plugin', ['my-plugin', '--yes', '--no-install', '--no-git'], 0],
    ['--json', ['my-plugin', '--yes', '--no-install', '--no-git', '--json'], 0],
    [
      '--dry-run with flags',
      ['@acme/pdk-plugin-x', '--yes', '--dry-run', '--template', 'system', '--license', 'ISC'],
      0,
    ],
    ['misuse: a bad --host', ['my-plugin', '--yes', '--no-install', '--no-git', '--host', 'nope'], 2],
  ])('prints and exits exactly as the oclif command does: %s', async (_name, args, code) => {
    const { fast, oclif, fastDir, oclifDir } = await bothWays(['init', ...args])
    expect(fast.stderr).not.toContain('@oclif/core was loaded')
    expect(fast).toEqual(oclif)
    expect(fast.code).toBe(code)
    expect(await readdir(fastDir)).toEqual(await readdir(oclifDir))
  })

  it('leaves a template flag to oclif, which hands it to the template', async () => {
    const args = ['init', 'my-plugin', '--yes', '--no-install', '--no-git', '--greeting', 'Hi']
    const { fast, oclif } = await bothWays(args, { forbidOclif: false })
    expect(fast).toEqual(oclif)
    expect(fast.code).toBe(0)
  })
})
