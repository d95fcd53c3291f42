import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKey, trustKey } from '../../src/lib/keys.js'
import { packPlugin } from '../../src/lib/pack-plugin.js'
import { signPlugin } from '../../src/lib/sign.js'
import { verifyPlugin } from '../../src/lib/verify.js'
import { fixtureDir, removeFixture, writeFixtureFiles } from '../helpers/fixture-dir.js'

// The tamper corpus of issue 7: every way a signed package can be altered is rejected, each
// with its own rule, whether the package is checked as a folder or as a tarball.

const manifest = {
  name: 'pdk-plugin-tamper',
  version: '1.0.0',
  type: 'module',
  description: 'A plugin to tamper with',
  keywords: ['pdk-plugin'],
  files: ['dist'],
  pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'example-host', range: '^1.0.0' } },
}
const files = {
  'package.json': manifest,
  'dist/index.js': 'export default { name: "tamper" }\n',
  'dist/util.js': 'export const x = 1\n',
  'README.md': '# tamper\n',
}

let config: string
let trusted: string
let other: string

beforeAll(async () => {
  config = await fixtureDir({}, 'pdk-keys-')
  await generateKey({ cwd: config, configDir: config, name: 'publisher' })
  await generateKey({ cwd: config, configDir: config, name: 'mallory' })
  trusted = join(config, 'trusted.json')
  await trustKey({ cwd: config, configDir: config, file: join(config, 'keys/publisher.pub'), trusted })
  other = join(config, 'other-trust.json')
  await trustKey({ cwd: config, configDir: config, file: join(config, 'keys/mallory.pub'), trusted: other })
})
afterAll(() => removeFixture(config))

async function signed(): Promise<string> {
  const dir = await fixtureDir(files, 'pdk-tamper-')
  await signPlugin({ cwd: dir, key: join(config, 'keys/publisher.key'), configDir: config })
  return dir
}

async function verdict(dir: string, trust = trusted) {
  const result = await verifyPlugin({ cwd: dir, trusted: trust, configDir: config })
  await removeFixture(dir)
  return { ok: result.ok, rules: result.findings.map((f) => f.rule).sort(), result }
}

async function editSignature(dir: string, edit: (doc: Record<string, any>) => void) {
  const file = join(dir, 'pdk-signature.json')
  const doc = JSON.parse(await readFile(file, 'utf8'))
  edit(doc)
  await writeFile(file, JSON.stringify(doc))
}

describe('a signed folder', () => {
  it('verifies when untouched, by the trusted key, over every packed file', async () => {
    const { ok, rules, result } = await verdict(await signed())
    expect(rules).toEqual([])
    expect(ok).toBe(true)
    expect(result.files).toBe(4)
    expect(result.trusted).toBe(true)
  })

  const cases: [string, (dir: string) => Promise<void>, string[]][] = [
    [
      'a changed file',
      (d) => writeFixtureFiles(d, { 'dist/util.js': 'export const x = 2\n' }),
      ['signature/file-changed'],
    ],
    ['an added file', (d) => writeFixtureFiles(d, { 'dist/extra.js': 'steal()\n' }), ['signature/file-added']],
    ['a removed file', (d) => rm(join(d, 'dist/util.js')), ['signature/file-removed']],
    [
      'a changed manifest',
      (d) => writeFixtureFiles(d, { 'package.json': { ...manifest, scripts: { postinstall: 'curl evil' } } }),
      ['signature/manifest-changed'],
    ],
    ['an empty signature file', (d) => writeFile(join(d, 'pdk-signature.json'), ''), ['signature/empty']],
    ['an empty object', (d) => writeFile(join(d, 'pdk-signature.json'), '{}'), ['signature/empty']],
    [
      'a signature file that is not JSON',
      (d) => writeFile(join(d, 'pdk-signature.json'), '{"format":1,'),
      ['signature/malformed'],
    ],
    [
      'a signature file that is an array',
      (d) => writeFile(join(d, 'pdk-signature.json'), '[]'),
      ['signature/malformed'],
    ],
    [
      'a digest that is not sha512',
      (d) => editSignature(d, (doc) => (doc.files['dist/util.js'] = 'md5-abc')),
      ['signature/malformed'],
    ],
    ['no files listed', (d) => editSignature(d, (doc) => (doc.files = {})), ['signature/empty']],
    ['a removed signature file', (d) => rm(join(d, 'pdk-signature.json')), ['signature/missing']],
    [
      'a file changed with its digest updated in the signature file',
      async (d) => {
        await writeFixtureFiles(d, { 'dist/util.js': 'export const x = 2\n' })
        const { sha512Of } = await import('../../src/lib/signing/file-digests.js')
        await editSignature(d, (doc) => (doc.files['dist/util.js'] = sha512Of('export const x = 2\n')))
      },
      ['signature/invalid'],
    ],
    [
      'another key swapped in under the trusted key id',
      async (d) => {
        const mallory = await readFile(join(config, 'keys/mallory.pub'), 'utf8')
        const { publicKeyFrom, publicKeyText } = await import('../../src/lib/signing/key-id.js')
        await editSignature(d, (doc) => (doc.publicKey = publicKeyText(publicKeyFrom(mallory))))
      },
      ['signature/malformed'],
    ],
    [
      'a re-signature by an untrusted key',
      (d) => signPlugin({ cwd: d, key: join(config, 'keys/mallory.key'), configDir: config }).then(() => {}),
      ['signature/untrusted-key'],
    ],
    [
      'a mangled signature',
      (d) => editSignature(d, (doc) => (doc.signature = Buffer.alloc(64).toString('base64'))),
      ['signature/invalid'],
    ],
  ]
  for (const [name, tamper, expected] of cases) {
    it(`rejects ${name} with ${expected.join(', ')}`, async () => {
      const dir = await signed()
      await tamper(dir)
      const { ok, rules, result } = await verdict(dir)
      expect(ok).toBe(false)
      expect(rules).toEqual(expected)
      for (const finding of result.findings) {
        expect(finding.message.length).toBeGreaterThan(20)
        expect(finding.hint).toBeTruthy()
      }
    })
  }

  it('rejects a valid signature when the key is trusted only in another trust file', async () => {
    const { ok, rules } = await verdict(await signed(), other)
    expect(ok).toBe(false)
    expect(rules).toEqual(['signature/untrusted-key'])
  })

  it('does not count files npm would not pack (outside `files`) as added', async () => {
    const dir = await signed()
    await writeFixtureFiles(dir, { 'src/index.ts': 'export {}\n', '.npmignore': 'src\n' })
    const { ok, rules } = await verdict(dir)
    expect(rules).toEqual([])
    expect(ok).toBe(true)
  })

  it('reports several problems at once', async () => {
    const dir = await signed()
    await writeFixtureFiles(dir, { 'dist/util.js': 'changed\n', 'dist/new.js': 'new\n' })
    await rm(join(dir, 'README.md'))
    const { rules } = await verdict(dir)
    expect(rules).toEqual(['signature/file-added', 'signature/file-changed', 'signature/file-removed'])
  })
})

describe('a signed tarball', () => {
  async function packed(tamper?: (dir: string) => Promise<void>): Promise<{ dir: string; tarball: string }> {
    const dir = await signed()
    if (tamper) await tamper(dir)
    const out = await fixtureDir({}, 'pdk-tgz-')
    const result = await packPlugin({ cwd: dir, destination: out })
    await removeFixture(dir)
    return { dir: out, tarball: result.tarball as string }
  }

  it('verifies when untouched, and the signature file is packed although `files` omits it', async () => {
    const { dir, tarball } = await packed()
    const result = await verifyPlugin({ cwd: dir, target: tarball, trusted, configDir: config })
    expect(result.source).toBe('tarball')
    expect(result.findings).toEqual([])
    expect(result.ok).toBe(true)
    await removeFixture(dir)
  })

  it('rejects a tarball packed after a file changed', async () => {
    const { dir, tarball } = await packed((d) => writeFixtureFiles(d, { 'dist/index.js': 'evil()\n' }))
    const result = await verifyPlugin({ cwd: dir, target: tarball, trusted, configDir: config })
    expect(result.findings.map((f) => f.rule)).toEqual(['signature/file-changed'])
    await removeFixture(dir)
  })

  it('rejects bytes that are not a tarball with PDK_INTEGRITY', async () => {
    const dir = await fixtureDir({ 'x.tgz': 'not a tarball at all' })
    await expect(verifyPlugin({ cwd: dir, target: 'x.tgz', trusted, configDir: config })).rejects.toMatchObject({
      code: 'PDK_INTEGRITY',
    })
    await removeFixture(dir)
  })
})
