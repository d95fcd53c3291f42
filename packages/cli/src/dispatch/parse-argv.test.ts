import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type ManifestCommand, parseArgv } from './parse-argv.js'

const manifest = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8'))
const validate = manifest.commands.validate as ManifestCommand

describe('parseArgv', () => {
  it('parses the plain command lines of pdk validate as oclif does, option defaults from the manifest', () => {
    expect(parseArgv([], validate)).toEqual({
      args: { path: '.' },
      flags: { 'entry-timeout': '10000', format: 'text' },
    })
    expect(parseArgv(['./p', '--no-typecheck', '--json', '--strict'], validate)).toEqual({
      args: { path: './p' },
      flags: { typecheck: false, json: true, strict: true, 'entry-timeout': '10000', format: 'text' },
    })
    expect(parseArgv(['--format', 'sarif', '--entry-timeout=500', '--no-color', '--no-cache', 'x'], validate)).toEqual({
      args: { path: 'x' },
      flags: { format: 'sarif', 'entry-timeout': '500', color: false, cache: false },
    })
    // The command checks --entry-timeout's value itself (exit 2 with a hint): it is passed on as given.
    expect(parseArgv(['--entry-timeout', 'soon'], validate)?.flags['entry-timeout']).toBe('soon')
  })

  it('leaves everything unusual to oclif', () => {
    for (const argv of [
      ['--strcit'], // unknown: oclif's did-you-mean
      ['--no-strict'], // no negation
      ['--format', 'yaml'], // not an option
      ['--format'], // no value
      ['--format', '--json'], // a flag where a value belongs
      ['--strict', '--strict'], // repeated
      ['--typecheck', '--no-typecheck'],
      ['--json=true'], // a value for a boolean
      ['-h'],
      ['--help'],
      ['a', 'b'], // one argument too many
      ['--', 'x'],
      [''],
      ['-'],
    ])
      expect(parseArgv(argv, validate), argv.join(' ')).toBeUndefined()
  })
})
