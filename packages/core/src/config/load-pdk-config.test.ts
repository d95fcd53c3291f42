import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isPdkError } from '../errors.js'
import { loadPdkConfig } from './load-pdk-config.js'
import { validatePdkConfig } from './validate-pdk-config.js'

const full = {
  $schema: 'https://pdk.dev/schemas/pdk-config.schema.json',
  validate: { rules: { 'package/readme-untouched': 'off', 'manifest/description': 'warn' } },
  sign: { key: 'release' },
  host: {
    name: 'demo-host',
    version: '1.2.0',
    pluginsDir: 'plugins',
    requireSignatures: false,
    trustedKeys: 'trusted-keys.json',
  },
  dev: { host: './dev-host.js' },
}

describe('validatePdkConfig', () => {
  it('accepts the example of spec/cli.md and an empty object', () => {
    expect(validatePdkConfig(full)).toEqual([])
    expect(validatePdkConfig({})).toEqual([])
  })

  it.each([
    ['not an object', [], 'config/not-object', ''],
    ['a misspelt section', { hots: {} }, 'config/unknown-key', '/hots'],
    [
      'an unknown key in host',
      { host: { name: 'h', version: '1.0.0', plugins: 'x' } },
      'config/unknown-key',
      '/host/plugins',
    ],
    ['host without version', { host: { name: 'h' } }, 'config/required', '/host/version'],
    ['a host version that is not semver', { host: { name: 'h', version: '1.x' } }, 'config/value', '/host/version'],
    [
      'requireSignatures as text',
      { host: { name: 'h', version: '1.0.0', requireSignatures: 'yes' } },
      'config/type',
      '/host/requireSignatures',
    ],
    [
      'a severity that does not exist',
      { validate: { rules: { 'package/readme': 'warning' } } },
      'config/value',
      '/validate/rules/package~1readme',
    ],
    [
      'a rule id without a prefix',
      { validate: { rules: { readme: 'off' } } },
      'config/value',
      '/validate/rules/readme',
    ],
    ['an empty key name', { sign: { key: '' } }, 'config/value', '/sign/key'],
  ])('reports %s', (_, value, rule, pointer) => {
    const findings = validatePdkConfig(value, 'pdk.config.json')
    expect(findings).toContainEqual(
      expect.objectContaining({ rule, pointer, severity: 'error', file: 'pdk.config.json' }),
    )
    for (const finding of findings) {
      expect(finding.hint).toBeTruthy()
      expect(finding.message).not.toMatch(/must NOT have|must have required|package\.json/)
    }
  })

  it('says what a misspelt section was meant to be, without offering a package.json fix', () => {
    const [finding] = validatePdkConfig({ hots: {} })
    expect(finding).toMatchObject({
      message: 'Unknown key "hots" in pdk.config.json (did you mean "host"?).',
      hint: 'Rename "hots" to "host".',
    })
    expect(finding).not.toHaveProperty('fix')
  })

  it('never throws, even on values that are not JSON data', () => {
    const throwing = {
      get host(): unknown {
        throw new Error('getter exploded')
      },
    }
    expect(validatePdkConfig(throwing)).toEqual([expect.objectContaining({ rule: 'config/not-object', pointer: '' })])
  })

  it('says a semver version in words', () => {
    const [finding] = validatePdkConfig({ host: { name: 'h', version: 'one' } })
    expect(finding!.expected).toBe('a semver version such as "1.2.0"')
  })
})

describe('loadPdkConfig', () => {
  let dir: string
  const project = (name: string) => join(dir, name)
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pdk-config-'))
    for (const name of ['none', 'full', 'broken', 'invalid', 'folder', 'bom']) await mkdir(project(name))
    await writeFile(join(project('full'), 'pdk.config.json'), JSON.stringify(full, null, 2))
    await writeFile(join(project('broken'), 'pdk.config.json'), '{\n  "host": {\n}')
    await writeFile(
      join(project('invalid'), 'pdk.config.json'),
      '{\n  "host": {\n    "name": "h",\n    "version": 1\n  }\n}',
    )
    await writeFile(join(project('bom'), 'pdk.config.json'), '\uFEFF{"sign":{"key":"k"}}')
    await mkdir(join(project('folder'), 'pdk.config.json'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('is an empty configuration when there is no file (or no folder)', async () => {
    expect(await loadPdkConfig(project('none'))).toEqual({ config: {}, findings: [], ok: true })
    expect(await loadPdkConfig(project('missing'))).toEqual({ config: {}, findings: [], ok: true })
  })

  it('reads a valid file', async () => {
    expect(await loadPdkConfig(project('full'))).toEqual({
      file: join(project('full'), 'pdk.config.json'),
      config: full,
      findings: [],
      ok: true,
    })
  })

  it('reports malformed JSON with its line, as config/json', async () => {
    const loaded = await loadPdkConfig(project('broken'))
    expect(loaded).toMatchObject({ config: {}, ok: false })
    expect(loaded.findings).toEqual([
      expect.objectContaining({
        rule: 'config/json',
        line: 3,
        message: expect.stringMatching(/^pdk\.config\.json is not valid JSON/),
      }),
    ])
  })

  it('reports schema problems with lines and still returns what it read', async () => {
    const loaded = await loadPdkConfig(project('invalid'))
    expect(loaded.ok).toBe(false)
    expect(loaded.config).toEqual({ host: { name: 'h', version: 1 } })
    expect(loaded.findings).toEqual([
      expect.objectContaining({ rule: 'config/type', pointer: '/host/version', line: 4, column: 5 }),
    ])
  })

  it('accepts a byte-order mark with a warning', async () => {
    const loaded = await loadPdkConfig(project('bom'))
    expect(loaded).toMatchObject({ ok: true, config: { sign: { key: 'k' } } })
    expect(loaded.findings.map((f) => f.rule)).toEqual(['config/bom'])
  })

  it('throws PDK_IO when pdk.config.json cannot be read', async () => {
    const error = await loadPdkConfig(project('folder')).catch((e: unknown) => e)
    expect(isPdkError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'PDK_IO', hint: expect.stringMatching(/must be a file/) })
  })
})
