import '@pdk/testing/setup'
import { readFile } from 'node:fs/promises'
import { createMockContext, matchEvent } from '@pdk/testing'
import { describe, expect, it } from 'vitest'
import plugin, { type GreeterConfig } from './index.js'

const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'))

// A kv service with the store's semantics, kept in a Map: the greeter's tests are about the greeter.
function fakeKv() {
  const values = new Map<string, unknown>()
  return {
    get: (key: string) => values.get(key),
    set: (key: string, value: unknown) => void values.set(key, value),
    increment: (key: string, by = 1) => {
      const next = ((values.get(key) as number | undefined) ?? 0) + by
      values.set(key, next)
      return next
    },
    keys: (prefix = '') => [...values.keys()].filter((key) => key.startsWith(prefix)).sort(),
  }
}

async function started(config: Partial<GreeterConfig> = {}, weather?: unknown) {
  const ctx = createMockContext<GreeterConfig>({
    manifest,
    config,
    services: { kv: fakeKv() },
    replies: weather === undefined ? {} : { 'pdk-plugin-weather': { current: weather } },
  })
  await plugin.init!(ctx)
  await plugin.start!(ctx)
  return ctx
}

// The host delivers an event to the definition's `events` handlers whose pattern matches it.
async function deliver(ctx: Awaited<ReturnType<typeof started>>, name: string, payload: unknown) {
  for (const [pattern, handler] of Object.entries(plugin.events ?? {})) {
    if (matchEvent(pattern, name)) await handler(structuredClone(payload), ctx, { name, from: 'test' })
  }
}

const greet = (ctx: Awaited<ReturnType<typeof started>>, payload: unknown) => plugin.messages!.greet!(payload, ctx)

describe('pdk-plugin-greeter', () => {
  it('greets with the default greeting from its config schema and counts per name', async () => {
    const ctx = await started()
    expect(await greet(ctx, { name: 'Ada' })).toEqual({
      message: 'Hello, Ada!',
      name: 'Ada',
      count: 1,
      welcomed: false,
    })
    expect(await greet(ctx, { name: ' Ada ' })).toMatchObject({ count: 2 })
    expect(await greet(ctx, { name: 'Grace' })).toMatchObject({ count: 1 })
    expect(await plugin.messages!.stats!(undefined, ctx)).toEqual({ people: 2, welcomed: 0 })
    expect(ctx.services.get).toHaveBeenCalledWith('kv')
  })

  it('uses the greeting the host configured', async () => {
    const ctx = await started({ greeting: 'Hoi' })
    expect(await greet(ctx, { name: 'Ada' })).toMatchObject({ message: 'Hoi, Ada!' })
  })

  it('emits greeter.greeted and counts greetings in a metric', async () => {
    const ctx = await started()
    await greet(ctx, { name: 'Ada' })
    expect(ctx).toHaveEmitted('greeter.greeted', { name: 'Ada', count: 1 })
    expect(ctx).toHaveMetric('greetings_total', 1, { welcomed: 'false' })
  })

  it('refuses a missing or too long name with a PdkError that says what it got', async () => {
    const ctx = await started({ maxNameLength: 5 })
    await expect(greet(ctx, {})).rejects.toMatchObject({ code: 'PDK_USAGE', message: /got null/ })
    await expect(greet(ctx, { name: 'Augusta' })).rejects.toMatchObject({ message: /1 to 5 characters, got "Augusta"/ })
  })

  it('welcomes people named by user.created and forgets them on user.deleted', async () => {
    const ctx = await started()
    await deliver(ctx, 'user.created', { name: 'Ada' })
    expect(await greet(ctx, { name: 'Ada' })).toMatchObject({ welcomed: true })
    expect(ctx).toHaveMetric('greetings_total', 1, { welcomed: 'true' })
    await deliver(ctx, 'user.deleted', { name: 'Ada' })
    expect(await greet(ctx, { name: 'Ada' })).toMatchObject({ welcomed: false })
    await deliver(ctx, 'user.created', {})
    expect(ctx).toHaveLogged('warn', 'user event without a name', { event: 'user.created' })
  })

  it('matches user.* one segment deep only', async () => {
    const ctx = await started()
    await deliver(ctx, 'user.profile.created', { name: 'Ada' })
    expect(await greet(ctx, { name: 'Ada' })).toMatchObject({ welcomed: false })
  })

  it('mentions the weather: asked for at start, then from weather.** events', async () => {
    const ctx = await started({}, { city: 'Oslo', unit: 'metric', temperature: 3, conditions: 'fog' })
    expect(ctx).toHaveRequested('pdk-plugin-weather', 'current')
    expect(await greet(ctx, { name: 'Ada' })).toMatchObject({ message: 'Hello, Ada! It is 3°C in Oslo (fog).' })
    await deliver(ctx, 'weather.alert.storm', { city: 'Lima', unit: 'imperial', temperature: 70, conditions: 'wind' })
    expect(await greet(ctx, { name: 'Ada' })).toMatchObject({ message: 'Hello, Ada! It is 70°F in Lima (wind).' })
  })

  it('starts without the weather plugin', async () => {
    const ctx = await started()
    expect(ctx).toHaveLogged('debug', 'no weather to mention')
    expect(await greet(ctx, { name: 'Ada' })).toMatchObject({ message: 'Hello, Ada!' })
  })

  it('adds /greet to the http.routes hook with priority 10', async () => {
    const ctx = await started()
    const tap = plugin.hooks!['http.routes'] as {
      priority: number
      handler: (routes: unknown[], c: typeof ctx) => unknown
    }
    expect(tap.priority).toBe(10)
    expect(await tap.handler([{ path: '/other' }], ctx)).toEqual([
      { path: '/other' },
      { method: 'GET', path: '/greet', plugin: 'pdk-plugin-greeter', topic: 'greet', description: expect.any(String) },
    ])
  })

  it('depends on the store and optionally on the weather plugin', () => {
    expect(manifest.pdk.dependencies).toEqual({ 'pdk-plugin-store': '^1.0.0' })
    expect(manifest.pdk.optionalDependencies).toEqual({ 'pdk-plugin-weather': '^1.0.0' })
  })
})
