import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Finding, ManifestFix } from '@pdk/core'
import { describe, expect, it } from 'vitest'
import { applyFixes, detectIndent, fixableFindings, writeFileAtomic } from './apply-fixes.js'

const finding = (fix: ManifestFix, rule = 'manifest/unknown-key'): Finding & { fix: ManifestFix } => ({
  rule,
  severity: 'error',
  message: 'x',
  fixable: true,
  fix,
})

describe('applyFixes', () => {
  it('renames a key in place and keeps 4-space indentation and the final newline', () => {
    const text =
      '{\n    "name": "x",\n    "pdk": {\n        "kind": "system",\n        "dependancies": {},\n        "host": {}\n    }\n}\n'
    const { text: out, changes } = applyFixes(text, [
      finding({ op: 'rename-key', pointer: '/pdk/dependancies', to: 'dependencies' }),
    ])
    expect(out).toBe(
      '{\n    "name": "x",\n    "pdk": {\n        "kind": "system",\n        "dependencies": {},\n        "host": {}\n    }\n}\n',
    )
    expect(changes).toEqual([
      {
        rule: 'manifest/unknown-key',
        pointer: '/pdk/dependancies',
        description: 'renamed "dependancies" to "dependencies" in "pdk"',
      },
    ])
  })
  it('sets values, keeps tabs, CRLF and a BOM', () => {
    const text = '\uFEFF{\r\n\t"name": "x"\r\n}'
    const { text: out, changes } = applyFixes(text, [
      finding({ op: 'set', pointer: '/type', value: 'module' }, 'manifest/module-type'),
      finding({ op: 'set', pointer: '/keywords', value: ['pdk-plugin'] }, 'package/keyword'),
    ])
    expect(out).toBe(
      '\uFEFF{\r\n\t"name": "x",\r\n\t"type": "module",\r\n\t"keywords": [\r\n\t\t"pdk-plugin"\r\n\t]\r\n}',
    )
    expect(changes.map((c) => c.description)).toEqual([
      'added "type": "module" to package.json',
      'added "keywords": ["pdk-plugin"] to package.json',
    ])
  })
  it('skips fixes that no longer apply and returns the text untouched', () => {
    const text = '{ "pdk": { "dependencies": {}, "dependancies": {} } }'
    const { text: out, changes } = applyFixes(text, [
      finding({ op: 'rename-key', pointer: '/pdk/dependancies', to: 'dependencies' }),
      finding({ op: 'rename-key', pointer: '/pdk/gone', to: 'x' }),
      finding({ op: 'set', pointer: '/missing/deep', value: 1 }),
    ])
    expect(changes).toEqual([])
    expect(out).toBe(text)
  })
  it('never touches a prototype through "__proto__"', () => {
    const renamed = applyFixes('{"pdk":{"__proto__x":1}}', [
      finding({ op: 'rename-key', pointer: '/pdk/__proto__x', to: '__proto__' }),
    ])
    expect(renamed.changes).toEqual([])
    const set = applyFixes('{"pdk":{}}', [finding({ op: 'set', pointer: '/pdk/__proto__', value: { polluted: true } })])
    expect(Object.getPrototypeOf(JSON.parse(set.text).pdk)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('fixableFindings / detectIndent', () => {
  it('keeps only findings with a fix', () => {
    const list: Finding[] = [
      { rule: 'a', severity: 'error', message: '' },
      finding({ op: 'set', pointer: '/type', value: 'module' }),
    ]
    expect(fixableFindings(list)).toHaveLength(1)
  })
  it('reads indentation, two spaces when there is none', () => {
    expect(detectIndent('{\n  "a": 1\n}')).toBe('  ')
    expect(detectIndent('{"a":1}')).toBe(2)
  })
})

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdk-atomic-'))
    const file = join(dir, 'package.json')
    await writeFile(file, 'old')
    await writeFileAtomic(file, 'new')
    expect(await readFile(file, 'utf8')).toBe('new')
    expect(await readdir(dir)).toEqual(['package.json'])
  })
  it('fails without leaving a temporary file when the folder is not one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdk-atomic-'))
    await writeFile(join(dir, 'blocker'), '')
    await expect(writeFileAtomic(join(dir, 'blocker', 'package.json'), 'x')).rejects.toThrow()
    expect(await readdir(dir)).toEqual(['blocker'])
  })
})
