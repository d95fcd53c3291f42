import { describe, expect, it } from 'vitest'
import * as vitestNode from 'vitest/node'
import { parseVitestArgs } from './parse-vitest-args.js'

describe('parseVitestArgs', () => {
  it('reads filters and options the way the vitest CLI does', () => {
    expect(parseVitestArgs(vitestNode, ['-t', 'greets', 'test/greeter', '--reporter=verbose'])).toEqual({
      filters: ['test/greeter'],
      options: { t: 'greets', testNamePattern: 'greets', reporter: ['verbose'] },
    })
    expect(parseVitestArgs(vitestNode, [])).toEqual({ filters: [], options: {} })
  })

  it('keeps colour only when asked, moves --exclude to cliExclude, turns on locations for file:line filters', () => {
    expect(parseVitestArgs(vitestNode, ['--no-color']).options).toEqual({ color: false })
    expect(parseVitestArgs(vitestNode, ['--exclude', 'test/slow/**']).options).toEqual({ cliExclude: ['test/slow/**'] })
    expect(parseVitestArgs(vitestNode, ['test/a.test.ts:12'])).toEqual({
      filters: ['test/a.test.ts:12'],
      options: { includeTaskLocation: true },
    })
  })

  it('refuses an unknown option as a usage error that names it', () => {
    expect(() => parseVitestArgs(vitestNode, ['--bogus'])).toThrow(
      expect.objectContaining({
        code: 'PDK_USAGE',
        message: 'vitest refused the arguments "--bogus": Unknown option `--bogus`.',
      }),
    )
  })
})
