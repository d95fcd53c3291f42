// The corpus of broken plugins (issue 3, "Bad input"), each through the real `pdk` bin: exit 1,
// the rule id with its pointer or line, a hint, no stack trace, and `--json` that parses (the
// report with `ok: false`, or the error document when validation could not run at all).
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { corpus, errorCorpus } from '../fixtures/validate/corpus.js'
import { fixtureDir, removeFixture } from '../helpers/fixture-dir.js'
import { runPdk } from '../helpers/run-pdk.js'

const STACK = /^\s+at .+(:\d+|\))$/m
const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map(removeFixture))
})

describe('the corpus has enough cases', () => {
  it('has at least 50 broken plugins and the paths that cannot be validated', () => {
    expect(corpus.length + errorCorpus.length).toBeGreaterThanOrEqual(50)
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length)
  })
})

describe.concurrent('pdk validate on a broken plugin', () => {
  it.each(corpus.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const cwd = await fixtureDir(c.files)
    dirs.push(cwd)
    const args = ['validate', cwd, ...(c.typecheck ? [] : ['--no-typecheck']), ...(c.args ?? [])]
    const json = await runPdk([...args, '--json'])

    expect(json.code).toBe(1)
    const report = JSON.parse(json.stdout)
    expect(report.ok).toBe(false)
    const finding = report.findings.find(
      (f: { rule: string; pointer?: string }) =>
        f.rule === c.rule && (c.pointer === undefined || f.pointer === c.pointer),
    )
    expect(finding, `no ${c.rule} in ${json.stdout}`).toBeDefined()
    if (c.pointer !== undefined) expect(finding.pointer).toBe(c.pointer)
    if (c.file !== undefined) expect(finding.file).toBe(c.file)
    if (c.line !== undefined) expect(finding.line).toBe(c.line)
    if (c.column !== undefined) expect(finding.column).toBe(c.column)
    // Where: a pointer, a line, or for a finding about a whole file (a published .env) the file.
    expect(finding.pointer ?? finding.line ?? finding.file).toBeDefined()
    expect(finding.hint).toMatch(/\w{3}/)
    expect(json.stderr).not.toMatch(STACK)
  })
})

// The human output of a sample of the corpus (one per kind of problem): one block per finding
// with its hint, a summary line, no stack trace.
const TEXT_SAMPLE = [
  'trailing comma',
  'an array',
  'no pdk object',
  'fs read escapes',
  'config default does not match',
  'huge package.json (strict)',
  'published .env',
  'not built yet',
  'entry throws',
  'entry writes a file',
  'type error',
]

describe.concurrent('pdk validate prints a broken plugin for people', () => {
  it.each(TEXT_SAMPLE)('%s', async (name) => {
    const c = corpus.find((x) => x.name === name)
    if (!c) throw new Error(`no corpus case "${name}"`)
    const cwd = await fixtureDir(c.files)
    dirs.push(cwd)
    const text = await runPdk(['validate', cwd, ...(c.typecheck ? [] : ['--no-typecheck']), ...(c.args ?? [])])
    expect(text.code).toBe(1)
    expect(text.stdout).toMatch(new RegExp(`^(error|warn ) {2}${c.rule.replace('/', '\\/')} `, 'm'))
    expect(text.stdout).toContain('  Hint: ')
    expect(text.stdout).toMatch(/\n✖ .* is not valid: \d+ errors?, \d+ warnings?/)
    expect(`${text.stdout}${text.stderr}`).not.toMatch(STACK)
  })
})

describe.concurrent('pdk validate on a path it cannot validate', () => {
  it.each(errorCorpus.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = await fixtureDir(c.files)
    dirs.push(dir)
    const target = join(dir, c.target)
    const [json, text] = await Promise.all([runPdk(['validate', target, '--json']), runPdk(['validate', target])])
    expect(json.code).toBe(1)
    const doc = JSON.parse(json.stdout)
    expect(doc).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: c.code,
        message: expect.any(String),
        hint: expect.any(String),
        details: expect.any(Object),
      }),
    })
    expect(text.code).toBe(1)
    expect(text.stdout).toBe('')
    expect(text.stderr).toMatch(/^Error: .+\nHint: .+\n$/)
    expect(text.stderr).not.toMatch(STACK)
  })
})
