// The examples of docs/testing.md, run as written (the guide imports `../package.json` and
// `../src/index.js`; here they sit beside this file).
import '@pdk/testing/setup'
import { definePlugin } from '@pdk/core'
import { createMockContext, mountPlugin, startTestHost } from '@pdk/testing'
import { expect, it } from 'vitest'
import manifest from './greeter-manifest.json' with { type: 'json' }
import plugin from './greeter-plugin.js'

it('greets and counts', async () => {
  const ctx = createMockContext({ manifest, config: { greeting: 'Hi' } })
  expect(await plugin.messages!.greet!({ name: 'Ada' }, ctx)).toBe('Hi, Ada')

  expect(ctx).toHaveEmitted('greeted', { name: 'Ada', count: 1 })
  expect(ctx).toHaveMetric('greetings', 1)
  expect(ctx.storage.set).toHaveBeenCalledWith('count', 1)
  expect(ctx.mock.store.get('count')).toBe(1)
})

it('asks the weather plugin', async () => {
  const ctx = createMockContext({
    manifest,
    replies: {
      'pdk-plugin-weather': { forecast: (p: { city: string }) => ({ sky: p.city === 'Oslo' ? 'grey' : 'blue' }) },
    },
  })
  expect(await plugin.messages!.weather!({ city: 'Oslo' }, ctx)).toBe('It is grey in Oslo')
  expect(ctx).toHaveRequested('pdk-plugin-weather', 'forecast', { city: 'Oslo' })
  expect(ctx).toHaveReplied('pdk-plugin-weather', 'forecast', { sky: 'grey' })
})

it('reads from the kv service', async () => {
  const data = new Map([['motd', 'hi']])
  const ctx = createMockContext({ services: { kv: { get: (k: string) => data.get(k) } } })
  const kv = await ctx.services.get<{ get(k: string): string | undefined }>('kv')
  expect(await kv.get('motd')).toBe('hi')
  expect(kv.get).toHaveBeenCalledWith('motd')
})

it('logs new users', async () => {
  const greeter = await mountPlugin(plugin, { manifest })
  await greeter.emit('user.created', { name: 'Ada' })
  expect(greeter).toHaveLogged('info', 'new user', { name: 'Ada' })
  expect(await greeter.request('greet', { name: 'Ada' })).toBe('Hello, Ada')
  expect(greeter).toHaveReplied(manifest.name, 'greet', 'Hello, Ada')
  expect(await greeter.callHook('http.routes', ['/'])).toEqual(['/', '/greet'])
  await expect(greeter.health()).resolves.toBeHealthy()
  expect(greeter.services.greeter).toBeDefined()
  await greeter.stop()
  expect(greeter.ctx.signal.aborted).toBe(true)
})

it('works in a real host', async () => {
  const host = await startTestHost({
    plugins: [{ manifest, definition: plugin }],
    settings: { [manifest.name]: { greeting: 'Hi' } },
  })
  try {
    expect(await host.request(manifest.name, 'greet', { name: 'Ada' })).toBe('Hi, Ada')
    expect(host).toHaveEmitted('greeted', { name: 'Ada', count: 1 })
    expect(host).toHaveMetric('greetings', 1)
    expect(await host.callHook('http.routes', [])).toEqual(['/greet'])
    await expect(host).toBeHealthy()
  } finally {
    await host.stop()
  }
})

it('stands a fake kv service in for the store plugin', async () => {
  const memoManifest = {
    ...manifest,
    name: 'pdk-plugin-memo',
    pdk: { ...manifest.pdk, dependencies: { 'pdk-plugin-store': '^1.0.0' } },
  }
  const memo = definePlugin({
    messages: {
      remember: async (p: { key: string }, ctx) => {
        const kv = await ctx.services.get<{ set(k: string, v: unknown): void }>('kv')
        await kv.set(p.key, { at: 1 })
      },
    },
  })
  const data = new Map<string, unknown>()
  const host = await startTestHost({
    plugins: [{ manifest: memoManifest, definition: memo }],
    services: { kv: { get: (k: string) => data.get(k), set: (k: string, v: unknown) => void data.set(k, v) } },
  })
  await host.request('pdk-plugin-memo', 'remember', { key: 'x' })
  expect(host.services.kv?.set).toHaveBeenCalledWith('x', { at: 1 })
  await host.stop()
})

it('prints what was recorded when a matcher fails', async () => {
  const ctx = createMockContext({ manifest })
  await plugin.messages!.greet!({ name: 'Ada' }, ctx)
  expect(() => expect(ctx).toHaveEmitted('greeted', { name: 'Bo' })).toThrow(
    'expected an event "greeted" with payload {"name": "Bo"} to have been emitted. Emitted:\n  {"name": "greeted", "payload": {"count": 1, "name": "Ada"}}',
  )
})

// One counter per instance: a reload makes a new instance.
const counter = () => {
  let count = 0
  return definePlugin({
    snapshot: () => ({ count }),
    restore: (_ctx, state) => {
      count = (state as { count: number }).count
    },
    messages: { add: () => ++count },
  })
}

it('hands its count to the next version', async () => {
  const before = await mountPlugin(counter(), { manifest })
  await before.request('add')
  const after = await mountPlugin(counter(), { manifest, state: await before.snapshot() })
  expect(await after.request('add')).toBe(2)
})

it('keeps its count across a reload in a real host', async () => {
  const host = await startTestHost({ plugins: [{ manifest, definition: counter() }] })
  try {
    await host.request(manifest.name, 'add')
    await host.reload(manifest.name, { manifest, definition: counter() })
    expect(await host.request(manifest.name, 'add')).toBe(2)
  } finally {
    await host.stop()
  }
})
