import { describe, expect, it } from 'vitest'
import { splitArgv } from './split-argv.js'

const flags = {
  template: { type: 'option' as const },
  install: { type: 'boolean' as const, allowNo: true },
  yes: { type: 'boolean' as const, char: 'y' },
  json: { type: 'boolean' as const },
}

describe('splitArgv', () => {
  it("keeps pdk init's own flags and NAME for oclif and takes the rest for the template", () => {
    expect(
      splitArgv(
        [
          'my-plugin',
          '--template',
          'extension',
          '--greeting',
          'Hi',
          '--no-install',
          '-y',
          '--api-url=https://x.example',
          '--with-docs',
          '--json',
        ],
        flags,
      ),
    ).toEqual({
      known: ['my-plugin', '--template', 'extension', '--no-install', '-y', '--json'],
      template: ['--greeting', 'Hi', '--api-url=https://x.example', '--with-docs'],
    })
  })

  it('gives a word after an unknown flag to the template, which gives it back when the flag is a boolean', () => {
    expect(splitArgv(['--with-docs', 'my-plugin', '--template=basic'], flags)).toEqual({
      known: ['--template=basic'],
      template: ['--with-docs', 'my-plugin'],
    })
  })
})
