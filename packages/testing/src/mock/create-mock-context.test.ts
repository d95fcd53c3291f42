import { definePlugin, isPdkError, PdkError } from '@pdk/core'
import { describe, expect, it, vi } from 'vitest'
import { createMockContext } from './create-mock-context.js'

const manifest = {
  name: 'pdk-plugin-greeter',
  version: '1.2.3',
  pdk: {
    kind: 'integration',
    config: {
      type: 'object',
      properties: {
        greeting: { type: 'string', default: 'Hello' },
        retry: { type: 'object', properties: { times: { type: 'integer', default: 3 } }, default: {} },
      },
    },
  },
}

describe('createMockContext', () => {
  it('takes identity and config defaults from the manifest, and settings over them', () => {
    const ctx = createMockContext<{ greeting: string; retry: { times: number }; extra?: number }>({
      manifest,
      config: { extra: 1 },
    })
    expect(ctx.plugin).toMatchObject({ name: 'pdk-plugin-greeter', version: '1.2.3', kind: 'integration' })
    expect(ctx.plugin.dataDir).toContain('pdk-mock-pdk-plugin-greeter-')
    expect(ctx.config).toEqual({ greeting: 'Hello', retry: { times: 3 }, extra: 1 })
    expect(Object.isFrozen(ctx.config.retry)).toBe(true)
    ctx.mock.setConfig({ greeting: 'Hi' })
    expect(ctx.config).toEqual({ greeting: 'Hi', retry: { times: 3 }, extra: 1 })
  })

  it('keeps storage in memory, copying values in and out', async () => {
    const ctx = createMockContext({ storage: { 'user:1': { name: 'Ada' } } })
    const value = { n: 1 }
    await ctx.storage.set('counter', value)
    value.n = 2
    expect(await ctx.storage.get('counter')).toEqual({ n: 1 })
    const read = await ctx.storage.get<{ n: number }>('counter')
    read!.n = 99
    expect(ctx.mock.store.get('counter')).toEqual({ n: 1 })
    expect(await ctx.storage.keys('user:')).toEqual(['user:1'])
    expect(await ctx.storage.keys()).toEqual(['counter', 'user:1'])
    expect(await ctx.storage.delete('counter')).toBe(true)
    expect(await ctx.storage.delete('counter')).toBe(false)
    expect(ctx.storage.set).toHaveBeenCalledWith('counter', { n: 1 })
  })

  it('refuses values that could not cross a worker boundary, and stores over the limit', async () => {
    const ctx = createMockContext({ storageMaxBytes: 100 })
    await expect(ctx.storage.set('fn', { run: () => 1 })).rejects.toMatchObject({
      name: 'DataCloneError',
      message: expect.stringContaining('storage.set("fn")'),
    })
    await expect(ctx.storage.set('big', 'x'.repeat(200))).rejects.toMatchObject({ code: 'PDK_LIMIT_EXCEEDED' })
    await expect(ctx.events.emit('x', { fn: () => 1 })).rejects.toThrow(DOMException)
  })

  it('records what the plugin logs, copying fields', () => {
    const ctx = createMockContext()
    const fields = { id: 1 }
    ctx.logger.info('started', fields)
    fields.id = 2
    ctx.logger.error('boom')
    expect(ctx.mock.logs).toEqual([
      { plugin: 'test-plugin', level: 'info', message: 'started', fields: { id: 1 } },
      { plugin: 'test-plugin', level: 'error', message: 'boom' },
    ])
    expect(ctx.logger.info).toHaveBeenCalledOnce()
  })

  it('delivers emitted events to matching subscriptions on copies', async () => {
    const ctx = createMockContext({ plugin: { name: 'me' } })
    const seen: unknown[] = []
    ctx.events.on('user.*', (payload, meta) => {
      seen.push([payload, meta])
    })
    ctx.events.on('order.**', () => {
      seen.push('order')
    })
    const payload = { id: 1 }
    await ctx.events.emit('user.created', payload)
    payload.id = 2
    await ctx.mock.settled()
    expect(seen).toEqual([[{ id: 1 }, { name: 'user.created', from: 'me' }]])
    expect(ctx.mock.emitted).toEqual([{ name: 'user.created', payload: { id: 1 }, from: 'me' }])
    await ctx.mock.deliver('order.line.added', {}, 'shop')
    expect(seen).toEqual([[{ id: 1 }, { name: 'user.created', from: 'me' }], 'order'])
  })

  it('logs a failing event handler instead of failing the emitter; unsubscribing stops delivery', async () => {
    const ctx = createMockContext()
    const off = ctx.events.on('tick', () => {
      throw new Error('handler broke')
    })
    await expect(ctx.events.emit('tick')).resolves.toBeUndefined()
    await ctx.mock.settled()
    expect(ctx.mock.logs[0]).toMatchObject({ level: 'error', message: expect.stringContaining('handler broke') })
    off()
    await ctx.mock.deliver('tick')
    expect(ctx.mock.logs).toHaveLength(1)
  })

  it('answers requests from scripted replies and records them', async () => {
    const ctx = createMockContext({
      plugin: { name: 'me' },
      replies: {
        clock: {
          now: 42,
          add: (p: { a: number; b: number }) => p.a + p.b,
          fail: () => Promise.reject(new RangeError('no')),
        },
      },
    })
    expect(await ctx.messages.request('clock', 'now')).toBe(42)
    expect(await ctx.messages.request('clock', 'add', { a: 1, b: 2 })).toBe(3)
    const failed = await ctx.messages.request('clock', 'fail').catch((e: unknown) => e)
    expect(isPdkError(failed)).toBe(true)
    expect(failed).toMatchObject({
      code: 'PDK_PLUGIN_FAILED',
      details: { plugin: 'clock', originalName: 'RangeError', originalMessage: 'no' },
    })
    await expect(ctx.messages.request('clock', 'missing')).rejects.toMatchObject({ code: 'PDK_NO_HANDLER' })
    await expect(ctx.messages.request('nobody', 'x')).rejects.toMatchObject({ code: 'PDK_NOT_FOUND' })
    expect(ctx.mock.requests[1]).toEqual({
      from: 'me',
      plugin: 'clock',
      topic: 'add',
      payload: { a: 1, b: 2 },
      outcome: { ok: true, value: 3 },
    })
    expect(ctx.messages.request).toHaveBeenCalledTimes(5)
  })

  it('times a request out with PDK_TIMEOUT', async () => {
    const ctx = createMockContext({ replies: { slow: { wait: () => new Promise(() => {}) } } })
    await expect(ctx.messages.request('slow', 'wait', undefined, { timeoutMs: 20 })).rejects.toMatchObject({
      code: 'PDK_TIMEOUT',
    })
  })

  it('broadcasts to every scripted plugin but the sender, never rejecting', async () => {
    const ctx = createMockContext({ plugin: { name: 'me' } })
    ctx.mock.reply('a', 'refresh', 'done')
    ctx.mock.reply('b', 'refresh', () => {
      throw new Error('b failed')
    })
    ctx.mock.reply('me', 'refresh', 'self')
    const results = await ctx.messages.broadcast('refresh', {})
    expect(results).toEqual([
      { plugin: 'a', ok: true, value: 'done' },
      {
        plugin: 'b',
        ok: false,
        error: expect.objectContaining({ code: 'PDK_PLUGIN_FAILED', message: expect.stringContaining('b failed') }),
      },
    ])
  })

  it('serves fake services as remotes: async spies on copies', async () => {
    class Kv {
      data = new Map<string, unknown>()
      get(key: string) {
        return this.data.get(key)
      }
      set(key: string, value: unknown) {
        this.data.set(key, value)
      }
    }
    const ctx = createMockContext({ services: { kv: new Kv() } })
    const kv = await ctx.services.get<Kv>('kv')
    const value = { a: 1 }
    await kv.set('k', value)
    value.a = 2
    const promise = kv.get('k')
    expect(promise).toBeInstanceOf(Promise)
    expect(await promise).toEqual({ a: 1 })
    expect(vi.isMockFunction(kv.get)).toBe(true)
    expect(await ctx.services.get('kv')).toBe(kv)
    await expect(ctx.services.get('mail')).rejects.toMatchObject({ code: 'PDK_DEP_MISSING' })
  })

  it('records metrics per instrument, one instrument per name', () => {
    const ctx = createMockContext()
    const calls = ctx.metrics.counter('calls', 'calls made')
    calls.inc()
    calls.inc(2, { topic: 'x' })
    expect(ctx.metrics.counter('calls', 'calls made')).toBe(calls)
    ctx.metrics.gauge('queue', 'queue length').set(5)
    ctx.metrics.histogram('latency', 'seconds').observe(0.2)
    expect(ctx.mock.metrics).toEqual([
      { plugin: 'test-plugin', type: 'counter', name: 'calls', value: 1 },
      { plugin: 'test-plugin', type: 'counter', name: 'calls', value: 2, labels: { topic: 'x' } },
      { plugin: 'test-plugin', type: 'gauge', name: 'queue', value: 5 },
      { plugin: 'test-plugin', type: 'histogram', name: 'latency', value: 0.2 },
    ])
  })

  it('denies fetch unless given one, and aborts the signal on demand', async () => {
    const ctx = createMockContext()
    await expect(ctx.fetch('https://example.com')).rejects.toMatchObject({ code: 'PDK_PERMISSION_DENIED' })
    const faked = createMockContext({ fetch: async () => new Response('pong') })
    expect(await (await faked.fetch('https://example.com/ping')).text()).toBe('pong')
    expect(faked.fetch).toHaveBeenCalledWith('https://example.com/ping')
    expect(ctx.signal.aborted).toBe(false)
    ctx.mock.abort()
    expect(ctx.signal.aborted).toBe(true)
  })

  it('runs a real plugin definition, and clear() forgets what happened', async () => {
    const plugin = definePlugin<{ greeting: string }>({
      async init(ctx) {
        ctx.logger.info('init')
        return { greeter: { greet: async (who: string) => `${ctx.config.greeting}, ${who}` } }
      },
      messages: {
        greet: async (payload: { name: string }, ctx) => {
          await ctx.events.emit('greeted', { name: payload.name })
          return `${ctx.config.greeting}, ${payload.name}`
        },
      },
    })
    const ctx = createMockContext<{ greeting: string }>({ config: { greeting: 'Hi' } })
    await plugin.init?.(ctx)
    expect(await plugin.messages?.greet?.({ name: 'Ada' }, ctx)).toBe('Hi, Ada')
    expect(ctx.mock.emitted).toHaveLength(1)
    ctx.mock.clear()
    expect(ctx.mock.emitted).toHaveLength(0)
    expect(ctx.mock.logs).toHaveLength(0)
    expect(ctx.events.emit).not.toHaveBeenCalled()
  })

  it('reports a PdkError thrown by a scripted reply as PDK_PLUGIN_FAILED, as the runtime does', async () => {
    const ctx = createMockContext({
      replies: {
        a: {
          x: () => {
            throw new PdkError('PDK_LIMIT_EXCEEDED', 'full')
          },
        },
      },
    })
    await expect(ctx.messages.request('a', 'x')).rejects.toMatchObject({
      code: 'PDK_PLUGIN_FAILED',
      details: { originalCode: 'PDK_LIMIT_EXCEEDED', originalMessage: 'full' },
    })
  })
})
