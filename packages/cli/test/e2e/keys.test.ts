import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureDir, removeFixture } from '../helpers/fixture-dir.js'
import { runPdk } from '../helpers/run-pdk.js'

let home: string
let plugin: string
const env = () => ({ PDK_CONFIG_DIR: join(home, 'pdk') })

beforeAll(async () => {
  home = await fixtureDir({}, 'pdk-home-')
  plugin = await fixtureDir({
    'package.json': { name: 'pdk-plugin-keys', version: '1.0.0', type: 'module', files: ['dist'] },
    'dist/index.js': 'export default {}\n',
    'pdk.config.json': { sign: { key: 'release' } },
  })
})
afterAll(async () => {
  await removeFixture(home)
  await removeFixture(plugin)
})

describe('pdk keys, sign and verify through the bin', () => {
  it('generates a key pair with a 0600 private key and never prints it', async () => {
    const run = await runPdk(['keys', 'generate', '--name', 'release', '--json'], { cwd: home, env: env() })
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.publicPath).toBe(join(home, 'pdk/keys/release.pub'))
    expect(result.keyId).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
    expect((await stat(join(home, 'pdk/keys/release.key'))).mode & 0o777).toBe(0o600)
    const privateKey = await readFile(join(home, 'pdk/keys/release.key'), 'utf8')
    const body = privateKey.split('\n')[1] as string
    expect(run.stdout + run.stderr).not.toContain(body)
  })

  it('refuses to overwrite a key without --force (exit 2)', async () => {
    const run = await runPdk(['keys', 'generate', '--name', 'release'], { cwd: home, env: env() })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('A key named "release" already exists')
  })

  it('uses XDG_CONFIG_HOME when PDK_CONFIG_DIR is unset', async () => {
    const run = await runPdk(['keys', 'generate', '--name', 'xdg', '--json'], {
      cwd: home,
      env: { PDK_CONFIG_DIR: undefined, XDG_CONFIG_HOME: join(home, 'xdg') },
    })
    expect(JSON.parse(run.stdout).publicPath).toBe(join(home, 'xdg/pdk/keys/xdg.pub'))
  })

  it('signs with the key named in pdk.config.json, then verifies only once the key is trusted', async () => {
    const sign = await runPdk(['sign', '--json'], { cwd: plugin, env: env() })
    expect(sign.code).toBe(0)
    expect(Object.keys(JSON.parse(sign.stdout).files)).toEqual(['dist/index.js', 'package.json'])

    const untrusted = await runPdk(['verify'], { cwd: plugin, env: env() })
    expect(untrusted.code).toBe(1)
    expect(untrusted.stdout).toContain('[signature/untrusted-key]')

    const trust = await runPdk(['keys', 'trust', join(home, 'pdk/keys/release.pub')], { cwd: home, env: env() })
    expect(trust.code).toBe(0)
    const list = JSON.parse((await runPdk(['keys', 'list', '--json'], { cwd: home, env: env() })).stdout)
    expect(list.own.map((k: { name: string }) => k.name)).toEqual(['release'])
    expect(list.trusted.map((k: { name: string }) => k.name)).toEqual(['release'])

    const ok = await runPdk(['verify', plugin], { cwd: home, env: env() })
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('signature valid')
  })

  it('refuses to trust a private key file', async () => {
    const run = await runPdk(['keys', 'trust', join(home, 'pdk/keys/release.key')], { cwd: home, env: env() })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('is not an ed25519 public key')
  })
})
