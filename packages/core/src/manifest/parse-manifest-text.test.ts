import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isPdkError } from '../errors.js'
import { parseManifestText } from './parse-manifest-text.js'
import { readManifest } from './read-manifest.js'

describe('parseManifestText', () => {
  it('parses valid JSON with no findings', () => {
    expect(parseManifestText('{"name":"a"}')).toEqual({ value: { name: 'a' }, findings: [] })
  })

  it('reports malformed JSON once, with line, column, the offending line and no value', () => {
    const result = parseManifestText('{\n  "name": "a"\n  "version": "1"\n}', '/x/package.json')
    expect(result).not.toHaveProperty('value')
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'manifest/json',
        severity: 'error',
        file: '/x/package.json',
        line: 3,
        column: 3,
        found: '"version": "1"',
        message: expect.stringMatching(/^package\.json is not valid JSON: .* at line 3, column 3\.$/),
      }),
    ])
    expect(result.findings[0]!.message).not.toMatch(/position/)
  })

  it('accepts a byte-order mark as npm does, with a warning, and still parses', () => {
    const result = parseManifestText('\uFEFF{"name":"a"}')
    expect(result.value).toEqual({ name: 'a' })
    expect(result.findings.map((f) => [f.rule, f.severity])).toEqual([['manifest/bom', 'warn']])
  })

  it('treats JSON that is not an object as parsed (validateManifest reports it)', () => {
    expect(parseManifestText('[1]')).toEqual({ value: [1], findings: [] })
    expect(parseManifestText('null')).toEqual({ value: null, findings: [] })
  })
})

describe('readManifest', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pdk-read-manifest-'))
    await mkdir(join(dir, 'plugin'))
    await writeFile(join(dir, 'plugin', 'package.json'), '{"name":"p"}')
    await mkdir(join(dir, 'broken'))
    await writeFile(join(dir, 'broken', 'package.json'), '{"name":')
    await mkdir(join(dir, 'empty'))
    await mkdir(join(dir, 'folder-json', 'package.json'), { recursive: true })
    await writeFile(join(dir, 'file.txt'), 'x')
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('reads <dir>/package.json, or a package.json path itself', async () => {
    const read = await readManifest(join(dir, 'plugin'))
    expect(read).toMatchObject({
      dir: join(dir, 'plugin'),
      file: join(dir, 'plugin', 'package.json'),
      value: { name: 'p' },
      findings: [],
    })
    expect((await readManifest(join(dir, 'plugin', 'package.json'))).value).toEqual({ name: 'p' })
  })

  it('returns malformed JSON as a finding, not an error', async () => {
    const read = await readManifest(join(dir, 'broken'))
    expect(read.value).toBeUndefined()
    expect(read.findings[0]).toMatchObject({
      rule: 'manifest/json',
      file: join(dir, 'broken', 'package.json'),
      line: 1,
    })
  })

  it.each([
    ['a folder that does not exist', 'missing', 'PDK_NOT_FOUND', /does not exist/, /Pass the folder/],
    [
      'a file where the folder belongs',
      'file.txt',
      'PDK_NOT_FOUND',
      /is a file, not a plugin folder/,
      /Pass the folder that contains package\.json/,
    ],
    ['a path under a file', 'file.txt/sub', 'PDK_NOT_FOUND', /does not exist/, /Pass the folder/],
    ['a folder without package.json', 'empty', 'PDK_NOT_FOUND', /no package\.json/, /pdk init/],
    ['a package.json that is a folder', 'folder-json', 'PDK_IO', /Cannot read/, /must be a file/],
  ])('throws a PdkError for %s', async (_, path, code, message, hint) => {
    const error = await readManifest(join(dir, path)).catch((e: unknown) => e)
    expect(isPdkError(error)).toBe(true)
    expect(error).toMatchObject({ code, message: expect.stringMatching(message), hint: expect.stringMatching(hint) })
    expect((error as { details: { file: string } }).details.file).toContain(dir)
  })
})
