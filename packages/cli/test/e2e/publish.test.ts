import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  authLine,
  cleanNpmEnv,
  type LocalRegistry,
  startLocalRegistry,
} from '../../../../scripts/lib/local-registry.mjs'
import { fixtureDir, removeFixture } from '../helpers/fixture-dir.js'
import { runPdk } from '../helpers/run-pdk.js'

// pdk publish against a real Verdaccio with a real user (created through the registry's API
// by startLocalRegistry), then the real npm client installs what pdk sent.

let registry: LocalRegistry
let home: string
const dirs: string[] = []

beforeAll(async () => {
  registry = await startLocalRegistry()
  home = await fixtureDir({ '.npmrc': '' }, 'pdk-home-')
})
afterAll(async () => {
  await registry?.stop()
  await Promise.all([home, ...dirs].map(removeFixture))
})

const env = () => ({
  ...cleanNpmEnv(process.env),
  PDK_CONFIG_DIR: join(home, 'pdk'),
  npm_config_userconfig: join(home, '.npmrc'),
  npm_config_cache: join(home, 'npm-cache'),
})

function manifest(name: string, version = '1.0.0') {
  return {
    name,
    version,
    type: 'module',
    description: `The ${name} plugin`,
    keywords: ['pdk-plugin'],
    license: 'MIT',
    files: ['dist'],
    exports: { '.': { import: './dist/index.js' } },
    scripts: { prepack: "node -e \"require('fs').writeFileSync('dist/prepacked.txt', 'made by prepack')\"" },
    pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'example-host', range: '^1.0.0' } },
  }
}

async function plugin(name: string, options: { version?: string; token?: string | null; extra?: object } = {}) {
  const npmrc = options.token === null ? '' : `${authLine(registry.url, options.token ?? registry.token)}\n`
  const dir = await fixtureDir({
    'package.json': { ...manifest(name, options.version), ...options.extra },
    'dist/index.js': 'export default { name: "x" }\n',
    '.npmrc': npmrc,
  })
  dirs.push(dir)
  return dir
}

function npm(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd, env: env(), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
  })
}

describe('pdk publish', { timeout: 180_000 }, () => {
  it('publishes a signed plugin that the real npm client then installs, signature file included', async () => {
    await runPdk(['keys', 'generate', '--name', 'release'], { cwd: home, env: env() })
    const dir = await plugin('pdk-plugin-published', { extra: {} })
    await writeFile(join(dir, 'pdk.config.json'), JSON.stringify({ sign: { key: 'release' } }))
    const run = await runPdk(
      ['publish', '--registry', registry.url, '--no-build', '--no-validate', '--no-test', '--json'],
      { cwd: dir, env: env() },
    )
    expect(run.stderr).not.toContain(registry.token)
    expect(run.stdout).not.toContain(registry.token)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({
      ok: true,
      name: 'pdk-plugin-published',
      version: '1.0.0',
      tag: 'latest',
      signed: true,
    })
    expect(result.steps.map((s: { step: string; status: string }) => `${s.step}:${s.status}`)).toEqual([
      'registry:done',
      'build:skipped',
      'validate:skipped',
      'test:skipped',
      'scripts:done',
      'sign:done',
      'pack:done',
      'publish:done',
    ])

    const consumer = await fixtureDir({ 'package.json': { name: 'consumer', version: '1.0.0', private: true } })
    dirs.push(consumer)
    const install = await npm(
      ['install', 'pdk-plugin-published@1.0.0', '--registry', registry.url, '--no-audit', '--no-fund'],
      consumer,
    )
    expect(install.stderr).not.toMatch(/ERR!/)
    expect(install.code).toBe(0)
    const installed = join(consumer, 'node_modules/pdk-plugin-published')
    expect(await readFile(join(installed, 'dist/prepacked.txt'), 'utf8')).toBe('made by prepack')
    expect(existsSync(join(installed, 'pdk-signature.json'))).toBe(true)
    const view = await npm(['view', 'pdk-plugin-published', 'dist.integrity', '--registry', registry.url], consumer)
    expect(view.stdout.trim()).toBe(result.integrity)

    // The signature the registry serves verifies once the key is trusted.
    await runPdk(['keys', 'trust', join(home, 'pdk/keys/release.pub')], { cwd: home, env: env() })
    const verify = await runPdk(['verify', 'pdk-plugin-published@1.0.0', '--registry', registry.url], {
      cwd: home,
      env: env(),
    })
    expect(verify.stdout).toContain('signature valid')
    expect(verify.code).toBe(0)
  })

  it('refuses a version the registry already has before sending anything, suggesting the next one', async () => {
    const dir = await plugin('pdk-plugin-twice', { version: '1.4.2' })
    expect(
      (
        await runPdk(['publish', '--registry', registry.url, '--no-build', '--no-validate', '--no-test'], {
          cwd: dir,
          env: env(),
        })
      ).code,
    ).toBe(0)
    const again = await runPdk(
      ['publish', '--registry', registry.url, '--no-build', '--no-validate', '--no-test', '--json'],
      {
        cwd: dir,
        env: env(),
      },
    )
    expect(again.code).toBe(1)
    const doc = JSON.parse(again.stdout)
    expect(doc.error.code).toBe('PDK_VERSION_EXISTS')
    expect(doc.error.message).toContain('"pdk-plugin-twice@1.4.2"')
    expect(doc.error.hint).toContain('"1.4.3"')
    // Refused before the build and scripts: prepack did not run again.
    expect(again.stderr).not.toContain('Run lifecycle scripts')
  })

  it('sends nothing with --dry-run', async () => {
    const dir = await plugin('pdk-plugin-dry')
    const run = await runPdk(
      ['publish', '--registry', registry.url, '--no-build', '--no-validate', '--no-test', '--dry-run'],
      {
        cwd: dir,
        env: env(),
      },
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Dry run: pdk-plugin-dry@1.0.0 would go to')
    const view = await npm(['view', 'pdk-plugin-dry', '--registry', registry.url, '--json'], dir)
    expect(view.code).not.toBe(0)
    expect(view.stdout + view.stderr).toMatch(/E404|404/)
  })

  it('says how to log in when npm has no token for the registry', async () => {
    const dir = await plugin('pdk-plugin-anon', { token: null })
    const run = await runPdk(['publish', '--registry', registry.url, '--no-build', '--no-validate', '--no-test'], {
      cwd: dir,
      env: env(),
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('has no credentials for')
    expect(run.stderr).toContain('Hint: Run `npm login --registry')
  })

  it('reports a token the registry refuses (401) without printing it', async () => {
    const dir = await plugin('pdk-plugin-badtoken', { token: 'not-a-real-token-0123456789' })
    const run = await runPdk(
      ['publish', '--registry', registry.url, '--no-build', '--no-validate', '--no-test', '--json'],
      { cwd: dir, env: env() },
    )
    expect(run.code).toBe(1)
    const doc = JSON.parse(run.stdout)
    expect(doc.error.code).toBe('PDK_AUTH')
    expect(doc.error.message).toContain('HTTP 401')
    expect(run.stdout + run.stderr).not.toContain('not-a-real-token-0123456789')
  })

  it('reports a registry that is down', async () => {
    const down = await freePortUrl()
    const dir = await plugin('pdk-plugin-down')
    await writeFile(join(dir, '.npmrc'), `${authLine(down, 'tok')}\n`)
    const run = await runPdk(['publish', '--registry', down, '--no-build', '--no-validate', '--no-test', '--json'], {
      cwd: dir,
      env: { ...env(), npm_config_fetch_retries: '0' },
    })
    expect(run.code).toBe(1)
    const doc = JSON.parse(run.stdout)
    expect(doc.error.code).toBe('PDK_REGISTRY')
    expect(doc.error.message).toContain('Cannot reach the registry')
  })

  it('reports a registry that forbids the publish (403), naming the package and version', async () => {
    const server = await fakeRegistry((req, res) => {
      if (req.url === '/-/whoami') return json(res, 200, { username: 'someone' })
      if (req.method === 'GET') return json(res, 404, { error: 'not found' })
      return json(res, 403, { error: 'you may not publish pdk-plugin-forbidden' })
    })
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    const dir = await plugin('pdk-plugin-forbidden')
    await writeFile(join(dir, '.npmrc'), `${authLine(url, 'tok')}\n`)
    const run = await runPdk(['publish', '--registry', url, '--no-build', '--no-validate', '--no-test', '--json'], {
      cwd: dir,
      env: env(),
    })
    server.close()
    const doc = JSON.parse(run.stdout)
    expect(doc.error.code).toBe('PDK_AUTH')
    expect(doc.error.message).toContain('"pdk-plugin-forbidden@1.0.0"')
    expect(doc.error.message).toContain('HTTP 403')
  })

  it('validates before packing and refuses an invalid plugin with its findings, sending nothing', async () => {
    const dir = await plugin('pdk-plugin-invalid', {
      extra: { pdk: { manifestVersion: 1, kind: 'extension', hots: {} } },
    })
    const run = await runPdk(['publish', '--registry', registry.url, '--no-build', '--no-test', '--json'], {
      cwd: dir,
      env: env(),
    })
    expect(run.code).toBe(1)
    const result = JSON.parse(run.stdout)
    expect(result.ok).toBe(false)
    expect(result.steps.at(-1)).toMatchObject({ step: 'validate', status: 'failed' })
    expect(result.findings.some((f: { pointer?: string }) => f.pointer?.startsWith('/pdk'))).toBe(true)
    const view = await npm(['view', 'pdk-plugin-invalid', '--registry', registry.url], dir)
    expect(view.code).not.toBe(0)
  })

  it('refuses a private package with a finding', async () => {
    const dir = await plugin('pdk-plugin-private', { extra: { private: true } })
    const run = await runPdk(
      ['publish', '--registry', registry.url, '--no-build', '--no-validate', '--no-test', '--json'],
      { cwd: dir, env: env() },
    )
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout).findings[0].rule).toBe('package/private')
  })
})

function fakeRegistry(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer(handler)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })
}

function json(res: import('node:http').ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

async function freePortUrl(): Promise<string> {
  const server = await fakeRegistry(() => {})
  const { port } = server.address() as AddressInfo
  await new Promise((r) => server.close(r))
  return `http://127.0.0.1:${port}/`
}
