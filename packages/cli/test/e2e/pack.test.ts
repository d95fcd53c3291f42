import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fixtureDir, removeFixture } from '../helpers/fixture-dir.js'
import { runPdk } from '../helpers/run-pdk.js'

const manifest = {
  name: '@acme/pdk-plugin-pack',
  version: '2.1.0',
  type: 'module',
  description: 'A plugin to pack',
  keywords: ['pdk-plugin'],
  files: ['dist'],
  bin: { 'pack-me': 'dist/cli.js' },
  pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'example-host', range: '^1.0.0' } },
}
const files = {
  'package.json': manifest,
  'dist/index.js': 'export default {}\n',
  'dist/cli.js': '#!/usr/bin/env node\n',
  'dist/index.test.js': 'test()\n',
  'README.md': '# pack\n',
  'src/index.ts': 'export default {}\n',
  '.npmignore': 'dist/*.test.js\n',
}

let dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.map(removeFixture))
  dirs = []
})
async function fixture(content: Record<string, unknown>) {
  const dir = await fixtureDir(content as never, 'pdk-pack-')
  dirs.push(dir)
  return dir
}

// The machine's npm, run as a real process, is the reference.
function npmPackDryRun(cwd: string): Promise<Array<{ integrity: string; files: { path: string }[] }>> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`npm pack exited ${code}`))))
  })
}

describe('pdk pack', () => {
  it('makes the same tarball as npm pack: same files, same integrity', async () => {
    const dir = await fixture(files)
    const run = await runPdk(['pack', '--json', '--dry-run'], { cwd: dir })
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    const [npm] = await npmPackDryRun(dir)
    expect(result.files.map((f: { path: string }) => f.path).sort()).toEqual(npm?.files.map((f) => f.path).sort())
    expect(result.integrity).toBe(npm?.integrity)
    expect(result).toMatchObject({
      ok: true,
      name: '@acme/pdk-plugin-pack',
      filename: 'acme-pdk-plugin-pack-2.1.0.tgz',
      dryRun: true,
    })
    expect(existsSync(join(dir, result.filename))).toBe(false)
  })

  it('writes the tarball and prints its integrity and file list', async () => {
    const dir = await fixture(files)
    const run = await runPdk(['pack'], { cwd: dir })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('dist/index.js')
    expect(run.stdout).toMatch(/integrity: +sha512-/)
    expect(run.stdout).not.toContain('src/index.ts')
    expect(existsSync(join(dir, 'acme-pdk-plugin-pack-2.1.0.tgz'))).toBe(true)
  })

  it('refuses workspace:, link: and file: specifiers, naming each', async () => {
    const dir = await fixture({
      ...files,
      'package.json': {
        ...manifest,
        dependencies: { a: 'workspace:^', b: '^1.0.0' },
        peerDependencies: { '@pdk/core': 'link:../core' },
        optionalDependencies: { c: 'file:../c' },
      },
    })
    const run = await runPdk(['pack', '--json'], { cwd: dir })
    expect(run.code).toBe(1)
    const result = JSON.parse(run.stdout)
    expect(result.ok).toBe(false)
    expect(result.findings.map((f: { pointer: string }) => f.pointer).sort()).toEqual([
      '/dependencies/a',
      '/optionalDependencies/c',
      '/peerDependencies/@pdk~1core',
    ])
    expect(existsSync(join(dir, result.filename))).toBe(false)
  })

  it('refuses secrets in packed files and files named like secrets, without printing the secret', async () => {
    const token = `npm_${'a1B2c3D4e5'.repeat(3)}123456`
    const dir = await fixture({
      ...files,
      'package.json': { ...manifest, files: ['dist', '.env'] },
      'dist/config.js': `export const token = "${token}"\n`,
      '.env': 'TOKEN=x\n',
    })
    const run = await runPdk(['pack'], { cwd: dir })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('"dist/config.js" would publish a secret')
    expect(run.stdout).toContain('".env" would be published')
    expect(run.stdout).not.toContain(token)
  })

  it('fails with a clear error in a folder without package.json', async () => {
    const dir = await fixture({ 'README.md': 'x' })
    const run = await runPdk(['pack'], { cwd: dir })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('No package.json in')
    expect(run.stderr).toContain('Hint:')
  })
})
