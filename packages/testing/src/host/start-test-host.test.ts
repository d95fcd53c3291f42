import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { definePlugin, type PluginPackageJson } from '@pdk/core'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { pdkMatchers } from '../matchers/pdk-matchers.js'
import { startTestHost, type TestHost } from './start-test-host.js'

beforeAll(() => {
  expect.extend(pdkMatchers)
})

const hosts: TestHost[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
const started = async (...args: Parameters<typeof startTestHost>) => {
  const host = await startTestHost(...args)
  hosts.push(host)
  return host
}

function manifest(name: string, pdk: Partial<PluginPackageJson['pdk']> = {}): PluginPackageJson {
  return {
    name,
    version: '1.0.0',
    type: 'module',
    pdk: { manifestVersion: 1, kind: 'extension', host: { name: 'shop-host', range: '>=3.2.0 <4' }, ...pdk },
  }
}

describe('startTestHost', () => {
  it('poses as the host the plugin asks for, accepts its kind, declares its hooks and grants what it asks', async () => {
    const greeter = definePlugin<{ greeting: string; token: string }>({
      messages: {
        greet: (p: { name: string }, ctx) => `${ctx.config.greeting}, ${p.name} (${ctx.host.name}@${ctx.host.version})`,
      },
      hooks: { 'http.routes': { priority: 5, handler: (routes: string[]) => [...routes, '/greet'] } },
      health: () => ({ status: 'ok' }),
      start: (ctx) => ctx.logger.info('ready', { token: ctx.config.token }),
    })
    const host = await started({
      plugins: [
        {
          manifest: manifest('greeter', { kind: 'analysis', permissions: { env: ['SHOP_TOKEN'] } }),
          definition: greeter,
        },
      ],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the host's config interpolation syntax
      settings: { greeter: { greeting: 'Hi', token: '${SHOP_TOKEN}' } },
      env: { SHOP_TOKEN: 'abc' },
    })
    expect(host).toMatchObject({ name: 'shop-host', version: '3.2.0' })
    expect(await host.request('greeter', 'greet', { name: 'Ada' })).toBe('Hi, Ada (shop-host@3.2.0)')
    expect(await host.callHook('http.routes', ['/'])).toEqual(['/', '/greet'])
    expect(host.list()).toEqual([expect.objectContaining({ name: 'greeter', kind: 'analysis', state: 'started' })])
    expect(host).toHaveReplied('greeter', 'greet', 'Hi, Ada (shop-host@3.2.0)')
    expect(host).toHaveLogged('info', 'ready', { token: 'abc' })
    await expect(host).toBeHealthy()
  })

  it('loads a plugin from its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdk-test-host-plugin-'))
    dirs.push(dir)
    mkdirSync(join(dir, 'dist'))
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ ...manifest('folder-plugin'), exports: { '.': { import: './dist/index.js' } } }),
    )
    writeFileSync(
      join(dir, 'dist', 'index.js'),
      `const plugin = { messages: { ping: () => 'pong' }, hooks: { 'app.ready': (v) => v + 1 } }
Object.defineProperty(plugin, Symbol.for('pdk.plugin'), { value: true })
export default plugin\n`,
    )
    const host = await started({ plugins: [dir] })
    expect(await host.request('folder-plugin', 'ping')).toBe('pong')
    expect(await host.callHook('app.ready', 1)).toBe(2)
  })

  it.each(['worker', 'process'] as const)('runs a plugin from its folder in a %s when asked', async (isolation) => {
    const dir = mkdtempSync(join(tmpdir(), 'pdk-test-host-isolated-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest('isolated-plugin'), main: 'index.js' }))
    writeFileSync(
      join(dir, 'index.js'),
      `import { threadId } from 'node:worker_threads'
export default { [Symbol.for('pdk.plugin')]: true, messages: { where: () => ({ pid: process.pid, threadId }) } }\n`,
    )
    const host = await started({ plugins: [dir], isolation })
    const where = await host.request<{ pid: number; threadId: number }>('isolated-plugin', 'where')
    expect(host.list().find((p) => p.name === 'isolated-plugin')).toMatchObject({ state: 'started', isolation })
    if (isolation === 'worker') expect(where).toMatchObject({ pid: process.pid, threadId: expect.any(Number) })
    else expect(where.pid).not.toBe(process.pid)
    expect(where.threadId === 0 && where.pid === process.pid).toBe(false)
  })

  it('stands fake services in for a missing dependency, as spies', async () => {
    const plugin = definePlugin({
      messages: {
        remember: async (p: { key: string }, ctx) => {
          const kv = await ctx.services.get<{ set(k: string, v: unknown): void; get(k: string): unknown }>('kv')
          await kv.set(p.key, { at: 1 })
          return kv.get(p.key)
        },
      },
    })
    const data = new Map<string, unknown>()
    const host = await started({
      plugins: [{ manifest: manifest('memo', { dependencies: { 'pdk-plugin-store': '^2.4.0' } }), definition: plugin }],
      services: { kv: { set: (k: string, v: unknown) => void data.set(k, v), get: (k: string) => data.get(k) } },
    })
    expect(await host.request('memo', 'remember', { key: 'x' })).toEqual({ at: 1 })
    expect(host.services.kv?.set).toHaveBeenCalledWith('x', { at: 1 })
    expect(host.host.list().find((p) => p.name === 'pdk-plugin-store')).toMatchObject({
      version: '2.4.0',
      state: 'started',
    })
  })

  it('asks which dependency a fake service stands for when several are missing', async () => {
    const plugin = {
      manifest: manifest('two', { dependencies: { a: '^1.0.0', b: '^1.0.0' } }),
      definition: definePlugin({}),
    }
    await expect(startTestHost({ plugins: [plugin], services: { kv: {} } })).rejects.toMatchObject({
      code: 'PDK_INVALID_ARGUMENT',
      message: expect.stringContaining('Candidates: a, b'),
    })
    const host = await started({
      plugins: [{ manifest: manifest('two', { optionalDependencies: { a: '^1.0.0' } }), definition: definePlugin({}) }],
      services: { kv: { ping: () => 'pong' } },
      providers: { kv: 'a' },
    })
    expect(host.list().map((p) => [p.name, p.state])).toEqual([
      ['a', 'started'],
      ['two', 'started'],
    ])
  })

  it('refuses to start when a plugin under test fails, unless failures are allowed', async () => {
    const broken = {
      manifest: manifest('broken'),
      definition: definePlugin({
        start() {
          throw new Error('no database')
        },
      }),
    }
    await expect(startTestHost({ plugins: [broken] })).rejects.toMatchObject({
      code: 'PDK_PLUGIN_FAILED',
      message: expect.stringContaining('no database'),
    })
    const host = await started({ plugins: [broken], allowFailures: true })
    expect(host.list()[0]).toMatchObject({ name: 'broken', state: 'failed' })
    await expect(host).not.toBeHealthy()
  })

  it('records events from plugins and from the test, and plugin metrics', async () => {
    const plugin = definePlugin({
      events: {
        'order.placed': async (payload: { id: number }, ctx) => {
          ctx.metrics.counter('orders', 'Orders seen').inc()
          await ctx.events.emit('order.seen', { id: payload.id })
        },
      },
    })
    const host = await started({ plugins: [{ manifest: manifest('orders'), definition: plugin }] })
    await host.emit('order.placed', { id: 7 })
    expect(host).toHaveEmitted('order.placed', { id: 7 })
    expect(host.emitted.find((e) => e.name === 'order.placed')?.from).toBe('shop-host')
    await expect.poll(() => host.emitted.map((e) => e.name), { timeout: 10_000 }).toContain('order.seen')
    expect(host).toHaveEmitted('order.seen', { id: 7 })
    expect(host).toHaveMetric('orders', 1)
    expect(host.metrics).toEqual([{ plugin: 'orders', type: 'counter', name: 'orders', value: 1 }])
  })

  it('keeps its storage in a temporary folder it removes, or in the folder given', async () => {
    const definition = definePlugin({ messages: { put: (_p, ctx) => ctx.storage.set('k', 1) } })
    const host = await startTestHost({ plugins: [{ manifest: manifest('store'), definition }] })
    await host.request('store', 'put')
    expect(existsSync(host.storageDir)).toBe(true)
    await host.stop()
    expect(existsSync(host.storageDir)).toBe(false)

    const dir = mkdtempSync(join(tmpdir(), 'pdk-test-host-storage-'))
    dirs.push(dir)
    const kept = await startTestHost({ plugins: [{ manifest: manifest('store'), definition }], storageDir: dir })
    await kept.request('store', 'put')
    await kept.stop()
    expect(existsSync(dir)).toBe(true)
  })
})
