import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { minimalManifest, validManifest } from './__fixtures__/manifests.js'
import { manifestRules } from './manifest-rules.js'
import { validateManifest } from './validate-manifest.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..')

describe('validateManifest on valid manifests', () => {
  it('accepts the full manifest of spec/manifest.md with no findings and returns it typed', () => {
    const manifest = validManifest()
    const report = validateManifest(manifest)
    expect(report).toEqual({ ok: true, findings: [], manifest })
    expect(report.manifest?.pdk.host.range).toBe('^1.2.0')
  })

  it('accepts the smallest manifest (required fields, entry from main)', () => {
    expect(validateManifest(minimalManifest())).toMatchObject({ ok: true, findings: [] })
  })

  it.each(readdirSync(join(root, 'examples', 'plugins')))('accepts the example plugin %s', (name) => {
    const text = readFileSync(join(root, 'examples', 'plugins', name, 'package.json'), 'utf8')
    expect(validateManifest(JSON.parse(text), { text }).findings).toEqual([])
  })

  it('accepts scoped names, prerelease versions, host kinds and every activation form', () => {
    const manifest = validManifest()
    manifest.name = '@acme/pdk-plugin-charts'
    manifest.version = '2.0.0-beta.1+build.5'
    manifest.pdk.kind = 'dashboard-widget'
    manifest.pdk.activation = ['onMessage:charts.render', 'onEvent:data.*']
    manifest.pdk.permissions.fs.read = ['.', 'assets/../assets/img', 'a b/c']
    manifest.pdk.dependencies = { '@acme/data-source': '>=1.2.0 <3 || 4.x' }
    expect(validateManifest(manifest).findings).toEqual([])
  })

  it('accepts a large package.json quickly enough to validate every plugin at start-up', () => {
    const manifest = validManifest()
    manifest.dependencies = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`dep-${i}`, `^${i}.0.0`]))
    expect(validateManifest(manifest)).toMatchObject({ ok: true, findings: [] })
  })

  it('keeps warnings out of ok: a near-miss kind is reported but accepted', () => {
    const manifest = validManifest()
    manifest.pdk.kind = 'sytem'
    const report = validateManifest(manifest)
    expect(report.ok).toBe(true)
    expect(report.findings).toMatchObject([{ rule: 'manifest/kind', severity: 'warn', hint: 'Did you mean "system"?' }])
  })
})

describe('validateManifest options', () => {
  it('does not ask an in-memory plugin (its definition given) for an entry module', () => {
    const manifest = minimalManifest()
    delete manifest.main
    expect(validateManifest(manifest).findings.map((f) => f.rule)).toEqual(['manifest/entry-missing'])
    expect(validateManifest(manifest, { inMemory: true })).toMatchObject({ ok: true, findings: [] })
  })

  it('gives the same config findings when the same config is checked again, from the same or another object', () => {
    const broken = () => {
      const manifest = validManifest()
      manifest.pdk.config.properties.greeting.default = 3
      return manifest
    }
    const first = broken()
    const rules = (m: Record<string, any>) => validateManifest(m).findings.map((f) => `${f.rule} ${f.pointer}`)
    const expected = ['manifest/config-default /pdk/config/properties/greeting/default']
    expect(rules(first)).toEqual(expected)
    expect(rules(first)).toEqual(expected)
    expect(rules(broken())).toEqual(expected)
    expect(rules(validManifest())).toEqual([])
  })
})

describe('validateManifest on anything at all', () => {
  const cyclic: Record<string, unknown> = { name: 'a' }
  cyclic.self = cyclic
  const throwing = {
    get name(): string {
      throw new Error('getter exploded')
    },
  }
  const inputs: [string, unknown][] = [
    ['a cycle', cyclic],
    ['a throwing getter', throwing],
    ['a BigInt', { name: 'a', version: 1n }],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
    ['a Map', new Map([['name', 'a']])],
    [
      'a proxy that throws',
      new Proxy(
        {},
        {
          ownKeys: () => {
            throw new Error('no keys')
          },
        },
      ),
    ],
    ['NaN in limits', { ...validManifest(), pdk: { ...validManifest().pdk, limits: { memoryMb: Number.NaN } } }],
    ['deeply nested junk', { pdk: { config: { properties: { a: { properties: { b: { items: [[[{}]]] } } } } } } }],
    [
      'prototype keys',
      JSON.parse('{"__proto__": {"pdk": 1}, "constructor": 1, "pdk": {"__proto__": 1, "toString": 2}}'),
    ],
  ]

  it.each(inputs)('returns a report for %s, never throws', (_, input) => {
    const report = validateManifest(input)
    expect(report.ok).toBe(false)
    expect(report.findings.length).toBeGreaterThan(0)
    for (const finding of report.findings) {
      expect(finding).toMatchObject({ rule: expect.stringMatching(/^manifest\//), severity: expect.any(String) })
      expect(typeof finding.pointer).toBe('string')
      expect(finding.hint).toBeTruthy()
    }
  })

  it('puts file, line and column on findings when given the file and its text', () => {
    const text =
      '{\n  "name": "a",\n  "version": "1.0.0",\n  "type": "module",\n  "main": "i.js",\n  "pdk": {\n    "manifestVersion": 1,\n    "kind": "x",\n    "host": { "name": "h", "range": "nope" }\n  }\n}'
    const [finding] = validateManifest(JSON.parse(text), { file: '/p/package.json', text }).findings
    expect(finding).toMatchObject({
      rule: 'manifest/range',
      file: '/p/package.json',
      pointer: '/pdk/host/range',
      line: 9,
      column: 28,
    })
  })
})

describe('validateManifest on random damage', () => {
  // A seeded generator: the same 600 damaged manifests on every run.
  let seed = 42
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    return seed / 2 ** 31
  }
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const values = (): unknown[] => [
    null,
    true,
    0,
    -1,
    1.5,
    2 ** 40,
    '',
    ' ',
    '../x',
    '/abs',
    'onStartup',
    '^1.0.0',
    'x'.repeat(300),
    [],
    [null, 1, 'a'],
    {},
    { type: 'object', default: 3 },
    { '': 1, '~/': 2 },
  ]
  const paths = (value: unknown, base: string[] = []): string[][] =>
    typeof value === 'object' && value !== null
      ? [base, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...base, k]))]
      : [base]
  const known = new Set(manifestRules.map((rule) => rule.id))

  it('returns well-formed findings for 600 manifests with a random field replaced, deleted or added', () => {
    for (let i = 0; i < 600; i++) {
      const manifest = validManifest()
      const path = pick(paths(manifest))
      const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], manifest)
      const key = path.at(-1)
      const action = random()
      if (key === undefined) continue
      if (action < 0.6) parent[key] = pick(values())
      else if (action < 0.8) delete parent[key]
      else if (typeof parent[key] === 'object' && parent[key] !== null) parent[key][`extra${i}`] = pick(values())
      let report: ReturnType<typeof validateManifest> | undefined
      expect(() => {
        report = validateManifest(manifest)
      }, JSON.stringify(path)).not.toThrow()
      for (const finding of report!.findings) {
        expect(known.has(finding.rule as never), finding.rule).toBe(true)
        expect(finding.pointer).toMatch(/^(\/.*)?$/)
        expect(finding.message).not.toMatch(/must NOT have|must have required property|must be equal to/)
        expect(finding.hint).toBeTruthy()
      }
      expect(report!.ok).toBe(!report!.findings.some((f) => f.severity === 'error'))
    }
  })
})

describe('what validateManifest costs', () => {
  it('compiles no schema: importing the manifest module and validating loads no ajv compiler', () => {
    const script = `
      const { createRequire } = await import('node:module')
      const { validateManifest } = await import('./dist/manifest/validate-manifest.js')
      const report = validateManifest(${JSON.stringify(minimalManifest())})
      const loaded = Object.keys(createRequire(import.meta.url).cache)
      console.log(JSON.stringify({ ok: report.ok, compiler: loaded.filter((f) => /ajv[\\\\/]dist[\\\\/](compile|core)/.test(f)).length }))`
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: join(root, 'packages', 'core'),
      encoding: 'utf8',
    })
    expect(JSON.parse(out)).toEqual({ ok: true, compiler: 0 })
  })
})
