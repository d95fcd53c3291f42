import { describe, expect, it } from 'vitest'
import { entryFindings } from './entry-findings.js'
import type { Target } from './entry-targets.js'

const entry: Target = { target: './dist/index.js', pointer: '/exports/./import', kind: 'js' }

describe('entryFindings', () => {
  it('has nothing to say about a plugin definition', () => {
    expect(entryFindings({ status: 'plugin', defaultType: 'object', exports: ['default'], output: '' }, entry)).toEqual(
      [],
    )
  })
  it('names what the entry exports instead of a plugin', () => {
    const [missing] = entryFindings({ status: 'not-plugin', defaultType: 'missing', exports: ['a'], output: '' }, entry)
    expect(missing).toMatchObject({ rule: 'package/entry-export', file: 'package.json', pointer: '/exports/./import' })
    expect(missing?.message).toBe('The entry "./dist/index.js" has no default export (it exports "a").')
    expect(missing?.hint).toContain('definePlugin')
    const [plain] = entryFindings(
      { status: 'not-plugin', defaultType: 'object', exports: ['default'], output: '' },
      entry,
    )
    expect(plain?.message).toContain('an object but not a plugin definition')
  })
  it('explains a sandbox denial, a missing module and a throw differently', () => {
    const denied = entryFindings(
      {
        status: 'threw',
        error: {
          name: 'Error',
          message: 'x',
          code: 'ERR_ACCESS_DENIED',
          permission: 'FileSystemWrite',
          resource: '/tmp/a',
        },
        output: '',
      },
      entry,
    )[0]
    expect(denied?.message).toContain('forbids (FileSystemWrite /tmp/a)')
    expect(denied?.hint).toContain('no writes, child processes or workers')
    const missing = entryFindings(
      { status: 'threw', error: { name: 'Error', message: 'x', code: 'ERR_MODULE_NOT_FOUND' }, output: '' },
      entry,
    )[0]
    expect(missing?.hint).toContain('"dependencies"')
    const thrown = entryFindings(
      { status: 'threw', error: { name: 'TypeError', message: 'bad' }, output: 'log line' },
      entry,
    )[0]
    expect(thrown?.message).toBe(
      'Loading the entry "./dist/index.js" failed: it threw TypeError: bad.\nIts output: log line',
    )
  })
  it('reports timeouts and early exits', () => {
    expect(entryFindings({ status: 'timeout', timeoutMs: 100, output: '' }, entry)[0]).toMatchObject({
      rule: 'package/entry-timeout',
    })
    expect(entryFindings({ status: 'exited', code: 3, signal: null, output: '' }, entry)[0]?.message).toContain(
      'exit code 3',
    )
  })
})
