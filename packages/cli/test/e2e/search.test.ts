import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  authLine,
  cleanNpmEnv,
  type LocalRegistry,
  startLocalRegistry,
} from '../../../../scripts/lib/local-registry.mjs'
import { searchPlugins } from '../../src/lib/search-plugins.js'
import { fixtureDir, removeFixture } from '../helpers/fixture-dir.js'
import { runPdk } from '../helpers/run-pdk.js'

// pdk search finds what the real npm client published to a real Verdaccio.

let registry: LocalRegistry
const dirs: string[] = []

function npmPublish(dir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['publish', '--registry', registry.url, '--ignore-scripts'], {
      cwd: dir,
      env: { ...cleanNpmEnv(process.env), npm_config_userconfig: `${dir}/.npmrc` },
      stdio: 'ignore',
    })
    child.on('error', reject)
    child.on('close', (code) => resolve(code ?? 1))
  })
}

async function publish(pkg: Record<string, unknown>) {
  const dir = await fixtureDir({
    'package.json': { type: 'module', license: 'MIT', ...pkg },
    'index.js': 'export default {}\n',
    '.npmrc': `${authLine(registry.url, registry.token)}\n`,
  })
  dirs.push(dir)
  expect(await npmPublish(dir)).toBe(0)
}

const plugin = (name: string, version: string, kind: string, range: string, description: string, extra = {}) => ({
  name,
  version,
  description,
  keywords: ['pdk-plugin'],
  pdk: { manifestVersion: 1, kind, host: { name: 'example-host', range }, ...extra },
})

beforeAll(async () => {
  registry = await startLocalRegistry()
  await publish(plugin('pdk-plugin-weather', '1.0.0', 'integration', '^1.0.0', 'Weather forecasts for the host'))
  await publish(plugin('pdk-plugin-weather', '2.0.0', 'integration', '^2.0.0', 'Weather forecasts for the host'))
  await publish(plugin('pdk-plugin-store', '1.2.0', 'system', '^1.0.0', 'Key-value store', { capabilities: ['kv'] }))
  await publish(plugin('pdk-plugin-future', '1.0.0', 'extension', '^3.0.0', 'Only for a future host'))
  await publish(plugin('pdk-plugin-greeter', '1.0.0', 'extension', '^1.0.0', 'Greets people, with weather small talk'))
  // Look like plugins by name but are not: no keyword, or no pdk field.
  await publish({
    name: 'pdk-plugin-impostor',
    version: '1.0.0',
    description: 'weather, but no pdk field',
    keywords: ['pdk-plugin'],
  })
  await publish({ name: 'weather-lib', version: '1.0.0', description: 'A weather library' })
}, 120_000)
afterAll(async () => {
  await registry?.stop()
  await Promise.all(dirs.map(removeFixture))
})

describe('pdk search', { timeout: 180_000 }, () => {
  it('lists every real plugin, and only plugins', async () => {
    const result = await searchPlugins({ cwd: process.cwd(), registry: registry.url })
    expect(result.results.map((r) => r.name).sort()).toEqual([
      'pdk-plugin-future',
      'pdk-plugin-greeter',
      'pdk-plugin-store',
      'pdk-plugin-weather',
    ])
    expect(result.total).toBe(4)
  })

  it('ranks name matches above description matches', async () => {
    const result = await searchPlugins({ cwd: process.cwd(), registry: registry.url, query: 'weather' })
    expect(result.results.map((r) => r.name)).toEqual(['pdk-plugin-weather', 'pdk-plugin-greeter'])
  })

  it('filters by kind', async () => {
    const result = await searchPlugins({ cwd: process.cwd(), registry: registry.url, kind: 'system' })
    expect(result.results.map((r) => [r.name, r.kind])).toEqual([['pdk-plugin-store', 'system']])
  })

  it('ranks by host compatibility and shows the newest version that fits', async () => {
    const result = await searchPlugins({ cwd: process.cwd(), registry: registry.url, host: 'example-host@1.3.0' })
    const rows = result.results.map((r) => `${r.name}@${r.version}:${r.compatible}`)
    expect(rows.slice(-1)).toEqual(['pdk-plugin-future@1.0.0:false'])
    expect(rows).toContain('pdk-plugin-weather@1.0.0:true')
    expect(result.results.find((r) => r.name === 'pdk-plugin-weather')?.latest).toBe('2.0.0')
  })

  it('pages through results', async () => {
    const all = await searchPlugins({ cwd: process.cwd(), registry: registry.url })
    const first = await searchPlugins({ cwd: process.cwd(), registry: registry.url, limit: 3 })
    const second = await searchPlugins({ cwd: process.cwd(), registry: registry.url, limit: 3, from: 3 })
    expect([...first.results, ...second.results].map((r) => r.name)).toEqual(all.results.map((r) => r.name))
    expect(second.results).toHaveLength(1)
  })

  it('prints a table through the bin, and JSON with --json', async () => {
    const table = await runPdk(['search', 'store', '--registry', registry.url])
    expect(table.code).toBe(0)
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME +VERSION +KIND +HOST +DESCRIPTION$/)
    expect(table.stdout).toMatch(/pdk-plugin-store +1\.2\.0 +system +example-host@\^1\.0\.0 +Key-value store/)
    const json = await runPdk(['search', '--registry', registry.url, '--page', '2', '--limit', '2', '--json'])
    const doc = JSON.parse(json.stdout)
    expect(doc).toMatchObject({ ok: true, from: 2, limit: 2, total: 4 })
  })

  it('says so when the registry answers with something that is not JSON', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html>proxy error</html>')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    const run = await runPdk(['search', 'x', '--registry', url, '--json'])
    server.close()
    expect(run.code).toBe(1)
    const doc = JSON.parse(run.stdout)
    expect(doc.error.code).toBe('PDK_REGISTRY')
    expect(doc.error.message).toContain('is not JSON')
  })

  it('says so when the registry is down', async () => {
    const run = await runPdk(['search', '--registry', 'http://127.0.0.1:9/', '--json'], {
      env: { npm_config_fetch_retries: '0' },
    })
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout).error.code).toBe('PDK_REGISTRY')
  })

  it('refuses a --host that is not NAME@VERSION (exit 2)', async () => {
    const run = await runPdk(['search', '--host', 'example-host', '--registry', registry.url])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('is not NAME@VERSION')
  })
})
