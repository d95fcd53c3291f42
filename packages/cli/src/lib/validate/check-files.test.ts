import { afterEach, describe, expect, it } from 'vitest'
import { pluginFiles } from '../../../test/fixtures/validate/plugin-files.js'
import { type FixtureFile, fixtureDir, removeFixture } from '../../../test/helpers/fixture-dir.js'
import { checkFiles } from './check-files.js'
import { checkTargets } from './check-targets.js'

const dirs: string[] = []
const run = async (files: Record<string, FixtureFile>) => {
  const cwd = await fixtureDir(files)
  dirs.push(cwd)
  const pkg = files['package.json'] as Record<string, unknown>
  return checkFiles(cwd, pkg, checkTargets(cwd, pkg))
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeFixture))
})

// Built at run time so that no secret-looking text sits in the repository.
const npmToken = `npm_${'a1B2c3D4e5'.repeat(3)}abcdef`
const privateKey = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB',
  '-----END RSA PRIVATE KEY-----',
  '',
].join('\n')

describe('checkFiles', () => {
  it('passes a plugin whose files list publishes every target', async () => {
    expect(await run(pluginFiles())).toEqual([])
  })
  it("reports targets that npm's file list leaves out", async () => {
    const findings = await run(pluginFiles({ change: (pkg) => (pkg.files = ['README.md']) }))
    expect(findings.map((f) => [f.rule, f.pointer])).toEqual([
      ['package/files', '/exports/./types'],
      ['package/files', '/exports/./import'],
      ['package/files', '/types'],
    ])
    expect(findings[1]?.message).toContain('"dist/index.js" (named by /exports/./import) would not be published')
    expect(findings[1]?.hint).toBe('Add "dist" to "files" in package.json (or stop ignoring it in .npmignore).')
  })
  it('honours .npmignore as npm does', async () => {
    const findings = await run(
      pluginFiles({ change: (pkg) => delete pkg.files, files: { '.npmignore': 'dist/index.d.ts\n' } }),
    )
    expect(findings.map((f) => f.pointer)).toEqual(['/exports/./types', '/types'])
  })
  it('finds a published .env, a private key and a token, masked', async () => {
    const findings = await run(
      pluginFiles({
        change: (pkg) => (pkg.files = ['dist', '.env', 'keys']),
        files: {
          '.env': 'TOKEN=x\n',
          'keys/deploy.pem': privateKey,
          'dist/config.js': `export const t = '${npmToken}'\n`,
        },
      }),
    )
    expect(findings.map((f) => [f.rule, f.file])).toEqual([
      ['package/secrets', '.env'],
      ['package/secrets', 'dist/config.js'],
      ['package/secrets', 'keys/deploy.pem'],
    ])
    expect(findings[1]).toMatchObject({ line: 1, column: expect.any(Number) })
    expect(JSON.stringify(findings)).not.toContain(npmToken)
  })
  it('ignores secrets in files that are not published', async () => {
    expect(await run(pluginFiles({ files: { '.env': 'TOKEN=x\n', 'src/key.pem': privateKey } }))).toEqual([])
  })
  it('reports a literal token in .npmrc, but not an environment reference', async () => {
    const findings = await run(
      pluginFiles({
        files: {
          '.npmrc': `//registry.npmjs.org/:_authToken=\${NPM_TOKEN}\n//npm.example.com/:_authToken=${npmToken}\n`,
        },
      }),
    )
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ rule: 'package/secrets', file: '.npmrc', line: 2 })
    expect(JSON.stringify(findings)).not.toContain(npmToken)
  })
})
