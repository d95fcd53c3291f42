import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Candidate } from '../discovery/candidate.js'
import type { PluginPackageJson } from '../manifest/types.js'
import { computeDigest } from './compute-digest.js'
import { readLockfile } from './read-lockfile.js'
import { verifyLockedPlugins } from './verify-locked-plugins.js'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pdk-lock-'))
  dirs.push(dir)
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  return dir
}

describe('computeDigest', () => {
  it('is stable, and changes when a file changes, is added or is renamed', async () => {
    const dir = await folder({ 'package.json': '{}', 'dist/index.js': 'a' })
    const first = await computeDigest(dir)
    expect(first).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/)
    expect(await computeDigest(dir)).toBe(first)
    await writeFile(join(dir, 'dist/index.js'), 'b')
    const edited = await computeDigest(dir)
    expect(edited).not.toBe(first)
    await rename(join(dir, 'dist/index.js'), join(dir, 'dist/main.js'))
    expect(await computeDigest(dir)).not.toBe(edited)
  })

  it('leaves nested node_modules out', async () => {
    const dir = await folder({ 'package.json': '{}' })
    const before = await computeDigest(dir)
    await mkdir(join(dir, 'node_modules/dep'), { recursive: true })
    await writeFile(join(dir, 'node_modules/dep/index.js'), 'x')
    expect(await computeDigest(dir)).toBe(before)
  })
})

describe('readLockfile', () => {
  it('reads a missing lockfile as empty', async () => {
    const dir = await folder({})
    expect(await readLockfile(join(dir, 'pdk-lock.json'))).toEqual({ lockfileVersion: 1, plugins: {} })
  })

  it('refuses another lockfile version and a plugin without its digest, naming the field', async () => {
    const dir = await folder({
      'v2.json': '{"lockfileVersion":2,"plugins":{}}',
      'nodigest.json': JSON.stringify({
        lockfileVersion: 1,
        plugins: {
          a: { version: '1.0.0', resolved: 'x', integrity: 'y', path: 'node_modules/a', granted: {}, signature: null },
        },
      }),
      'bad.json': '{',
    })
    await expect(readLockfile(join(dir, 'v2.json'))).rejects.toMatchObject({
      code: 'PDK_HOST_CONFIG',
      details: { pointer: '/lockfileVersion' },
    })
    await expect(readLockfile(join(dir, 'nodigest.json'))).rejects.toMatchObject({
      details: { pointer: '/plugins/a/digest' },
    })
    await expect(readLockfile(join(dir, 'bad.json'))).rejects.toThrow(/is not JSON/)
  })
})

describe('verifyLockedPlugins', () => {
  const manifest = (name: string, version = '1.0.0'): PluginPackageJson => ({
    name,
    version,
    type: 'module',
    pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'h', range: '*' }, permissions: { env: ['X'] } },
  })
  const candidate = (name: string, dir: string, version?: string): Candidate => ({
    manifest: manifest(name, version),
    dir,
    entry: join(dir, 'index.js'),
    definition: undefined,
    origin: dir,
  })

  async function host() {
    const plugins = await folder({
      'node_modules/a/package.json': '{"name":"a"}',
      'node_modules/b/package.json': '{"name":"b"}',
      'node_modules/c/package.json': '{"name":"c"}',
    })
    const locked = async (name: string, granted: object) => ({
      version: '1.0.0',
      resolved: `http://registry/${name}.tgz`,
      integrity: 'sha512-x',
      digest: await computeDigest(join(plugins, 'node_modules', name)),
      path: `node_modules/${name}`,
      signature: null,
      granted,
    })
    const lock = { lockfileVersion: 1, plugins: { a: await locked('a', { env: ['X'] }), b: await locked('b', {}) } }
    await writeFile(join(plugins, 'pdk-lock.json'), JSON.stringify(lock))
    return plugins
  }

  it('passes untouched plugins and takes their recorded grants instead of the policy', async () => {
    const plugins = await host()
    const found = {
      candidates: ['a', 'b', 'c'].map((n) => candidate(n, join(plugins, 'node_modules', n))),
      refusals: [],
    }
    const checked = await verifyLockedPlugins(found, {
      lockfile: 'pdk-lock.json',
      cwd: plugins,
      grant: () => ({ network: ['policy.example'] }),
    })
    expect(checked.refusals).toEqual([])
    expect(checked.candidates.map((c) => c.manifest.name)).toEqual(['a', 'b', 'c'])
    expect(checked.grant(manifest('a'))).toEqual({ env: ['X'] })
    expect(checked.grant(manifest('b'))).toEqual({})
    // Not in the lockfile: the host's policy decides.
    expect(checked.grant(manifest('c'))).toEqual({ network: ['policy.example'] })
  })

  it('refuses a plugin changed on disk, or of another version, with PDK_INTEGRITY before it loads', async () => {
    const plugins = await host()
    await writeFile(join(plugins, 'node_modules/a/index.js'), 'injected()')
    const found = {
      candidates: [
        candidate('a', join(plugins, 'node_modules/a')),
        candidate('b', join(plugins, 'node_modules/b'), '1.1.0'),
      ],
      refusals: [],
    }
    const checked = await verifyLockedPlugins(found, {
      lockfile: join(plugins, 'pdk-lock.json'),
      cwd: '/',
      grant: () => undefined,
    })
    expect(checked.candidates).toEqual([])
    const byName = Object.fromEntries(checked.refusals.map((r) => [r.name, r.error]))
    expect(byName.a?.code).toBe('PDK_INTEGRITY')
    expect(byName.a?.message).toContain('changed on disk since it was installed')
    expect(byName.b?.message).toContain('is version 1.1.0, but 1.0.0 was installed')
    expect(byName.a?.hint).toContain('pdk install a@1.0.0')
  })

  it('changes nothing without a lockfile option', async () => {
    const plugins = await host()
    const grant = () => undefined
    const found = { candidates: [candidate('a', join(plugins, 'node_modules/a'))], refusals: [] }
    const checked = await verifyLockedPlugins(found, { cwd: plugins, grant })
    expect(checked.candidates).toHaveLength(1)
    expect(checked.grant).toBe(grant)
  })
})
