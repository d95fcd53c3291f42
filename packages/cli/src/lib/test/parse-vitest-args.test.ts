import { describe, expect, it } from 'vitest'
import * as vitestNode from 'vitest/node'
import { parseVitestArgs } from './parse-vitest-args.js'

describe('parseVitestArgs', () => {
  it('reads filters and options the way the vitest CLI does', async () => {
    expect(await parseVitestArgs(vitestNode, ['-t', 'greets', 'test/greeter', '--reporter=verbose'])).toEqual({
      filters: ['test/greeter'],
      options: { t: 'greets', testNamePattern: 'greets', reporter: ['verbose'] },
    })
    expect(await parseVitestArgs(vitestNode, [])).toEqual({ filters: [], options: {} })
  })

  it('keeps colour only when asked, moves --exclude to cliExclude, turns on locations for file:line filters', async () => {
    expect((await parseVitestArgs(vitestNode, ['--no-color'])).options).toEqual({ color: false })
    expect((await parseVitestArgs(vitestNode, ['--exclude', 'test/slow/**'])).options).toEqual({
      cliExclude: ['test/slow/**'],
    })
    expect(await parseVitestArgs(vitestNode, ['test/a.test.ts:12'])).toEqual({
      filters: ['test/a.test.ts:12'],
      options: { includeTaskLocation: true },
    })
  })

  it('refuses an unknown option as a usage error that names it', async () => {
    await expect(parseVitestArgs(vitestNode, ['--bogus'])).rejects.toMatchObject({
      code: 'PDK_USAGE',
      message: 'vitest refused the arguments "--bogus": Unknown option `--bogus`.',
    })
  })
})
