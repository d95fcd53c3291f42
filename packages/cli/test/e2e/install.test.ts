import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { computeDigest } from '@pdk/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  authLine,
  cleanNpmEnv,
  type LocalRegistry,
  startLocalRegistry,
} from '../../../../scripts/lib/local-registry.mjs'
import { fixtureDir, linkCore, removeFixture } from '../helpers/fixture-dir.js'
import { PDK_BIN, runPdk } from '../helpers/run-pdk.js'

// pdk install / uninstall / list / update / info against a real Verdaccio; plugins are
// published by the real npm client. Every refusal must leave the plugins folder as it was.

let registry: LocalRegistry
let home: string
const dirs: string[] = []

const env = () => ({
  ...cleanNpmEnv(process.env),
  PDK_CONFIG_DIR: join(home, 'pdk'),
  npm_config_userconfig: join(home, '.npmrc'),
  npm_config_cache: join(home, 'npm-cache'),
  npm_config_fetch_retries: '0',
})

const ENTRY =
  "import { definePlugin } from '@pdk/core'\nexport default definePlugin({ messages: { ping: () => 'pong' } })\n"

function plugin(name: string, version: string, pdk: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    name,
    version,
    type: 'module',
    description: `The ${name} plugin`,
    keywords: ['pdk-plugin'],
    license: 'MIT',
    exports: { '.': { import: './dist/index.js' } },
    peerDependencies: { '@pdk/core': '>=0.1.0' },
    pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'example-host', range: '^1.0.0' }, ...pdk },
    ...extra,
  }
}

async function folder(pkg: Record<string, unknown>, files: Record<string, string> = {}) {
  const dir = await fixtureDir({ 'package.json': pkg, 'dist/index.js': ENTRY, ...files })
  dirs.push(dir)
  return dir
}

function run(cmd: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: env(), stdio: 'ignore' })
    child.on('error', reject)
    child.on('close', (code) => resolve(code ?? 1))
  })
}

async function npmPublish(pkg: Record<string, unknown>) {
  const dir = await folder(pkg, { '.npmrc': `${authLine(registry.url, registry.token)}\n` })
  expect(
    await run(
      'npm',
      ['publish', '--registry', registry.url, '--ignore-scripts', '--userconfig', join(dir, '.npmrc')],
      dir,
    ),
  ).toBe(0)
  return dir
}

async function host(config: Record<string, unknown> = {}) {
  const dir = await fixtureDir({
    'package.json': { name: 'my-host', version: '1.0.0', private: true, type: 'module' },
    'pdk.config.json': { host: { name: 'example-host', version: '1.0.0', pluginsDir: 'plugins', ...config } },
    ...linkCore,
  })
  dirs.push(dir)
  return dir
}

const pdk = (args: string[], cwd: string) => runPdk(args, { cwd, env: env() })
const json = (out: string) => JSON.parse(out)

/**
 * Starts the host project's host the way a host application does (`createHost(await
 * loadHostConfig(cwd))`) in a real Node process, and reports each plugin's state and error code.
 */
async function startHost(dir: string): Promise<{ plugins: string[]; reply: unknown; output: string }> {
  const script = `
    import { createHost, loadHostConfig } from '@pdk/core'
    const host = await createHost({ ...(await loadHostConfig(process.cwd())), logger: () => {} })
    await host.start().catch(() => {})
    const plugins = host.list().map((p) => p.name + ':' + p.state + ':' + (p.lastError?.code ?? '')).sort()
    const reply = plugins.some((p) => p.startsWith('pdk-plugin-greeter:started'))
      ? await host.request('pdk-plugin-greeter', 'ping')
      : null
    await host.stop()
    console.log('RESULT ' + JSON.stringify({ plugins, reply }))
  `
  await writeFile(join(dir, 'start-host.mjs'), script)
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['start-host.mjs'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.stderr.on('data', (d) => {
      out += d
    })
    child.on('error', reject)
    child.on('close', () => resolve(out))
  })
  const line = output.split('\n').find((l) => l.startsWith('RESULT ')) ?? 'RESULT {}'
  return { ...JSON.parse(line.slice(7)), output }
}

/** The plugins folder's bytes, to prove a refused or interrupted install changed nothing. */
async function snapshot(dir: string): Promise<string> {
  const plugins = join(dir, 'plugins')
  if (!existsSync(plugins)) return 'absent'
  const lock = await readFile(join(plugins, 'pdk-lock.json'), 'utf8').catch(() => 'no lockfile')
  return `${await computeDigest(plugins)}\n${lock}`
}

beforeAll(async () => {
  registry = await startLocalRegistry()
  home = await fixtureDir({ '.npmrc': '' }, 'pdk-home-')
  await npmPublish(plugin('pdk-plugin-store', '1.0.0', { kind: 'system', capabilities: ['kv'] }))
  await npmPublish(
    plugin('pdk-plugin-greeter', '1.0.0', {
      dependencies: { 'pdk-plugin-store': '^1.0.0' },
      permissions: { env: ['GREETER_GREETING'], network: ['api.example.com:443'] },
    }),
  )
  await npmPublish(plugin('pdk-plugin-greeter', '2.0.0', { host: { name: 'example-host', range: '^2.0.0' } }))
  await npmPublish(plugin('pdk-plugin-newcore', '1.0.0', {}, { peerDependencies: { '@pdk/core': '^9.0.0' } }))
  await npmPublish(plugin('pdk-plugin-otherhost', '1.0.0', { host: { name: 'another-host', range: '*' } }))
  await npmPublish(plugin('pdk-plugin-tampered', '1.0.0'))
  await npmPublish({ name: 'left-pad-ish', version: '1.0.0', description: 'not a plugin' })
}, 180_000)
afterAll(async () => {
  await registry?.stop()
  await Promise.all([home, ...dirs].map(removeFixture))
})

describe('pdk install', { timeout: 180_000 }, () => {
  it('installs the newest compatible version with its plugin dependencies and writes the lockfile of spec/cli.md', async () => {
    const dir = await host()
    const res = await pdk(['install', 'pdk-plugin-greeter', '--registry', registry.url, '--yes', '--json'], dir)
    expect(res.stderr).not.toContain('Error')
    expect(res.code).toBe(0)
    const result = json(res.stdout)
    expect(
      result.changes.map((c: { name: string; to: string; reason: string }) => `${c.name}@${c.to} ${c.reason}`),
    ).toEqual([
      'pdk-plugin-greeter@1.0.0 pdk-plugin-greeter',
      'pdk-plugin-store@1.0.0 dependency of pdk-plugin-greeter',
    ])
    const lock = JSON.parse(await readFile(join(dir, 'plugins/pdk-lock.json'), 'utf8'))
    expect(Object.keys(lock)).toEqual(['lockfileVersion', 'plugins'])
    expect(lock.lockfileVersion).toBe(1)
    const greeter = lock.plugins['pdk-plugin-greeter']
    expect(Object.keys(greeter).sort()).toEqual([
      'digest',
      'granted',
      'integrity',
      'path',
      'resolved',
      'signature',
      'version',
    ])
    expect(greeter).toMatchObject({
      version: '1.0.0',
      resolved: `${registry.url}pdk-plugin-greeter/-/pdk-plugin-greeter-1.0.0.tgz`,
      path: 'node_modules/pdk-plugin-greeter',
      signature: null,
      granted: { env: ['GREETER_GREETING'], network: ['api.example.com:443'] },
    })
    expect(greeter.digest).toBe(await computeDigest(join(dir, 'plugins/node_modules/pdk-plugin-greeter')))
    const packument = (await (await fetch(`${registry.url}pdk-plugin-greeter`)).json()) as {
      versions: Record<string, { dist: { integrity: string } }>
    }
    expect(greeter.integrity).toBe(packument.versions['1.0.0']?.dist.integrity)
    // Peers are the host's: @pdk/core is not installed into the plugins folder.
    expect(existsSync(join(dir, 'plugins/node_modules/@pdk/core'))).toBe(false)
    // The host loads what was installed, with the recorded grants as its policy.
    const started = await startHost(dir)
    expect(started.plugins).toEqual(['pdk-plugin-greeter:started:', 'pdk-plugin-store:started:'])
    expect(started.reply).toBe('pong')

    const list = await pdk(['list', '--json'], dir)
    expect(json(list.stdout).plugins.map((p: { name: string; status: string }) => `${p.name}:${p.status}`)).toEqual([
      'pdk-plugin-greeter:ok',
      'pdk-plugin-store:ok',
    ])

    // Uninstalling a dependency is refused while a plugin needs it, and leaves everything as it was.
    const before = await snapshot(dir)
    const refused = await pdk(['uninstall', 'pdk-plugin-store'], dir)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(
      'Cannot uninstall "pdk-plugin-store": "pdk-plugin-greeter" (needs pdk-plugin-store@^1.0.0)',
    )
    expect(await snapshot(dir)).toBe(before)
    const forced = await pdk(['uninstall', 'pdk-plugin-store', '--force', '--json'], dir)
    expect(forced.code).toBe(0)
    const after = JSON.parse(await readFile(join(dir, 'plugins/pdk-lock.json'), 'utf8'))
    expect(Object.keys(after.plugins)).toEqual(['pdk-plugin-greeter'])
    expect(existsSync(join(dir, 'plugins/node_modules/pdk-plugin-store'))).toBe(false)
  })

  it('the host refuses a plugin changed on disk after install (PDK_INTEGRITY), and list reports it', async () => {
    const dir = await host()
    expect((await pdk(['install', 'pdk-plugin-store', '--registry', registry.url], dir)).code).toBe(0)
    await writeFile(
      join(dir, 'plugins/node_modules/pdk-plugin-store/dist/index.js'),
      `${ENTRY}console.log('EVIL RAN')\n`,
    )
    const started = await startHost(dir)
    expect(started.plugins).toEqual(['pdk-plugin-store:failed:PDK_INTEGRITY'])
    expect(started.output).not.toContain('EVIL RAN')
    const list = await pdk(['list'], dir)
    expect(list.code).toBe(1)
    expect(list.stdout).toContain('pdk-plugin-store@1.0.0')
    expect(list.stdout).toContain('modified on disk')
  })

  it('asks for consent: without --yes and without a terminal it installs nothing', async () => {
    const dir = await host()
    const res = await pdk(['install', 'pdk-plugin-greeter', '--registry', registry.url], dir)
    expect(res.code).toBe(1)
    expect(res.stderr).toContain('pdk-plugin-greeter@1.0.0 asks to:')
    expect(res.stderr).toContain('Read the environment variable `GREETER_GREETING`')
    expect(res.stderr).toContain('--yes')
    expect(await snapshot(dir)).toBe('absent')
  })

  const refusals: [string, string, string, RegExp][] = [
    [
      'a package that is no plugin',
      'left-pad-ish',
      'PDK_MANIFEST_INVALID',
      /"left-pad-ish@1\.0\.0" is not a pdk plugin/,
    ],
    [
      'an incompatible version',
      'pdk-plugin-greeter@2',
      'PDK_HOST_INCOMPATIBLE',
      /works with example-host@\^2\.0\.0, but this host is example-host@1\.0\.0/,
    ],
    ['a plugin for another host', 'pdk-plugin-otherhost', 'PDK_HOST_INCOMPATIBLE', /is made for host "another-host"/],
    [
      'a plugin needing another @pdk/core',
      'pdk-plugin-newcore',
      'PDK_HOST_INCOMPATIBLE',
      /needs @pdk\/core \^9\.0\.0, but the host has @pdk\/core/,
    ],
    ['an unknown package', 'pdk-plugin-nope', 'PDK_NOT_FOUND', /"pdk-plugin-nope" is not in the registry/],
    ['a missing folder', './nowhere', 'PDK_NOT_FOUND', /Nothing to install at/],
  ]
  for (const [what, spec, code, message] of refusals) {
    it(`refuses ${what} (${code}) and changes nothing`, async () => {
      const dir = await host()
      expect((await pdk(['install', 'pdk-plugin-store', '--registry', registry.url], dir)).code).toBe(0)
      const before = await snapshot(dir)
      const res = await pdk(['install', spec, '--registry', registry.url, '--yes', '--json'], dir)
      expect(res.code).toBe(1)
      const doc = json(res.stdout)
      expect(doc.error.code).toBe(code)
      expect(doc.error.message).toMatch(message)
      expect(doc.error.hint).toBeTruthy()
      expect(await snapshot(dir)).toBe(before)
    })
  }

  it('refuses a tarball that does not match the integrity the registry recorded', async () => {
    const storage = join(registry.storage, 'pdk-plugin-tampered')
    const tgz = (await readdir(storage)).find((f) => f.endsWith('.tgz')) as string
    const original = await readFile(join(storage, tgz))
    const evil = await folder(plugin('pdk-plugin-tampered', '1.0.0'), {
      'dist/index.js': `${ENTRY}globalThis.evil = 2\n`,
    })
    const packed = json((await pdk(['pack', '--json', '--destination', evil], evil)).stdout)
    await writeFile(join(storage, tgz), await readFile(packed.tarball))
    const dir = await host()
    const res = await pdk(['install', 'pdk-plugin-tampered', '--registry', registry.url, '--json'], dir)
    await writeFile(join(storage, tgz), original)
    expect(res.code).toBe(1)
    const doc = json(res.stdout)
    expect(doc.error.code).toBe('PDK_INTEGRITY')
    expect(doc.error.message).toContain('"pdk-plugin-tampered@1.0.0"')
    expect(await snapshot(dir)).toBe('absent')
  })

  it('installs from a folder and from a tarball', async () => {
    const src = await folder(plugin('pdk-plugin-local', '0.3.0'))
    const out = await fixtureDir({})
    dirs.push(out)
    const packed = json((await pdk(['pack', '--json', '--destination', out], src)).stdout)
    const dir = await host()
    const res = await pdk(['install', src, '--json'], dir)
    expect(res.stdout).toContain('"ok": true')
    expect(res.code).toBe(0)
    expect(json(res.stdout).changes[0]).toMatchObject({ name: 'pdk-plugin-local', to: '0.3.0', source: 'folder' })
    const lock = JSON.parse(await readFile(join(dir, 'plugins/pdk-lock.json'), 'utf8'))
    expect(lock.plugins['pdk-plugin-local'].resolved).toBe(`file:${src}`)
    expect(lock.plugins['pdk-plugin-local'].integrity).toBe(packed.integrity)
    const other = await host()
    const fromTgz = await pdk(['install', packed.tarball, '--json'], other)
    expect(json(fromTgz.stdout).changes[0]).toMatchObject({ name: 'pdk-plugin-local', source: 'tarball' })
  })

  it('requires a trusted signature when the host says so', async () => {
    await runPdk(['keys', 'generate', '--name', 'pub'], { cwd: home, env: env() })
    const trusted = join(home, 'host-trust.json')
    await runPdk(['keys', 'trust', join(home, 'pdk/keys/pub.pub'), '--trusted', trusted], { cwd: home, env: env() })
    const src = await folder(plugin('pdk-plugin-signed', '1.0.0'))
    const dir = await host({ requireSignatures: true, trustedKeys: trusted })
    const unsigned = await pdk(['install', src, '--json'], dir)
    expect(json(unsigned.stdout).error.code).toBe('PDK_SIGNATURE')
    expect(json(unsigned.stdout).error.message).toContain('has no pdk-signature.json')
    expect((await runPdk(['sign', '--key', 'pub'], { cwd: src, env: env() })).code).toBe(0)
    const signed = await pdk(['install', src, '--json'], dir)
    expect(signed.code).toBe(0)
    expect(json(signed.stdout).changes[0].signature).toMatchObject({ verified: true })
    // A signed package changed afterwards is refused even where signatures are optional.
    await writeFile(join(src, 'dist/index.js'), `${ENTRY}// changed\n`)
    const loose = await host()
    const tampered = await pdk(['install', src, '--json'], loose)
    expect(json(tampered.stdout).error.code).toBe('PDK_SIGNATURE')
    expect(json(tampered.stdout).error.message).toContain('changed after it was signed')
  })

  it('leaves the plugins folder and lockfile as they were when killed mid-install', async () => {
    const dir = await host()
    expect((await pdk(['install', 'pdk-plugin-store', '--registry', registry.url], dir)).code).toBe(0)
    const before = await snapshot(dir)
    // An npm dependency from a registry that never answers: the install hangs inside npm.
    let hit: () => void = () => {}
    const reached = new Promise<void>((r) => {
      hit = r
    })
    const server: Server = createServer(() => hit())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    await writeFile(join(dir, '.npmrc'), `@slow:registry=http://127.0.0.1:${(server.address() as AddressInfo).port}/\n`)
    const src = await folder(plugin('pdk-plugin-slow', '1.0.0', {}, { dependencies: { '@slow/dep': '^1.0.0' } }))
    const child = spawn(process.execPath, [PDK_BIN, 'install', src, '--yes'], { cwd: dir, env: env(), stdio: 'ignore' })
    await Promise.race([reached, sleep(90_000)])
    const staging = (await readdir(dir, { withFileTypes: true })).filter((e) => e.name.includes('pdk-staging'))
    expect(staging).toHaveLength(1)
    child.kill('SIGKILL')
    await new Promise((r) => child.on('close', r))
    server.closeAllConnections()
    server.close()
    expect(await snapshot(dir)).toBe(before)
    // The next command clears what the killed one left behind.
    expect((await pdk(['list'], dir)).code).toBe(0)
    expect((await readdir(dir)).filter((e) => e.includes('pdk-staging'))).toEqual([])
  })
})

describe('pdk update and pdk info', { timeout: 180_000 }, () => {
  it('shows what would change first, then updates to the newest fitting version', async () => {
    const dir = await host()
    expect((await pdk(['install', 'pdk-plugin-store', '--registry', registry.url], dir)).code).toBe(0)
    await npmPublish(plugin('pdk-plugin-store', '1.1.0', { kind: 'system', permissions: { env: ['STORE_DIR'] } }))
    await npmPublish(
      plugin('pdk-plugin-store', '2.0.0', { kind: 'system', host: { name: 'example-host', range: '^2.0.0' } }),
    )
    const before = await snapshot(dir)
    const dry = await pdk(['update', '--registry', registry.url, '--dry-run', '--json'], dir)
    expect(dry.code).toBe(0)
    expect(
      json(dry.stdout).changes.map((c: { name: string; from: string; to: string }) => `${c.name} ${c.from}->${c.to}`),
    ).toEqual(['pdk-plugin-store 1.0.0->1.1.0'])
    expect(await snapshot(dir)).toBe(before)
    const refused = await pdk(['update', '--registry', registry.url], dir)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('↑ pdk-plugin-store 1.0.0 → 1.1.0')
    expect(refused.stderr).toContain('STORE_DIR')
    const res = await pdk(['update', 'pdk-plugin-store', '--registry', registry.url, '--yes'], dir)
    expect(res.code).toBe(0)
    const lock = JSON.parse(await readFile(join(dir, 'plugins/pdk-lock.json'), 'utf8'))
    expect(lock.plugins['pdk-plugin-store']).toMatchObject({ version: '1.1.0', granted: { env: ['STORE_DIR'] } })
  })

  it('describes a registry plugin with its dependency tree, permissions and compatibility', async () => {
    const dir = await host()
    const res = await pdk(['info', 'pdk-plugin-greeter', '--registry', registry.url, '--json'], dir)
    expect(res.code).toBe(0)
    const info = json(res.stdout)
    expect(info).toMatchObject({
      source: 'registry',
      name: 'pdk-plugin-greeter',
      version: '2.0.0',
      compatibility: { host: 'example-host@1.0.0', compatible: false },
      versions: ['2.0.0', '1.0.0'],
    })
    const text = await pdk(['info', 'pdk-plugin-greeter@1.0.0', '--registry', registry.url], dir)
    expect(text.stdout).toContain('fits example-host@1.0.0: yes')
    expect(text.stdout).toContain('plugin pdk-plugin-store@^1.0.0 not installed')
    expect(text.stdout).toContain('Read the environment variable `GREETER_GREETING`.')
  })

  it('doctor checks the registry and the host project', async () => {
    const dir = await host()
    const res = await pdk(['doctor', '--registry', registry.url, '--json'], dir)
    const doc = json(res.stdout)
    const status = Object.fromEntries(doc.checks.map((c: { id: string; status: string }) => [c.id, c.status]))
    expect(status).toMatchObject({ node: 'ok', registry: 'ok', host: 'ok', core: 'ok', plugins: 'ok' })
    const down = await pdk(['doctor', '--registry', 'http://127.0.0.1:9/', '--json'], dir)
    expect(down.code).toBe(1)
    const check = json(down.stdout).checks.find((c: { id: string }) => c.id === 'registry')
    expect(check.status).toBe('fail')
    expect(check.fix).toBeTruthy()
  })
})
