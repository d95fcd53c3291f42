import { describe, expect, it } from 'vitest'
import { isPdkError } from '../errors.js'
import { hostOptions, plugin } from './__fixtures__/plugin.js'
import { createHost } from './create-host.js'

describe('createHost', () => {
  it('starts plugins in dependency order, system first, and stops them in reverse', async () => {
    const seen: string[] = []
    const track = (name: string) => ({
      start: () => void seen.push(`start ${name}`),
      stop: () => void seen.push(`stop ${name}`),
    })
    const host = await createHost(
      hostOptions([
        plugin('app', track('app'), { dependencies: { store: '^1.0.0' } }),
        plugin('store', track('store')),
        plugin('system-plug', track('system-plug'), { kind: 'system' }),
      ]),
    )
    await host.start()
    expect(seen.slice(0, 3)).toEqual(['start system-plug', 'start store', 'start app'])
    expect(host.list().map((p) => `${p.name}:${p.state}`)).toEqual([
      'store:started',
      'app:started',
      'system-plug:started',
    ])
    await host.stop()
    expect(seen.indexOf('stop app')).toBeLessThan(seen.indexOf('stop store'))
    expect(host.list().every((p) => p.state === 'disposed')).toBe(true)
  })

  it('answers requests, wraps handler errors as PDK_PLUGIN_FAILED with the original in details', async () => {
    const host = await createHost(
      hostOptions([
        plugin('greeter', {
          messages: {
            greet: (p: { name: string }) => `Hello, ${p.name}`,
            boom: () => {
              throw new TypeError('bad input')
            },
          },
        }),
      ]),
    )
    await host.start()
    expect(await host.request('greeter', 'greet', { name: 'Ada' })).toBe('Hello, Ada')
    const error = await host.request('greeter', 'boom').catch((e: unknown) => e)
    expect(isPdkError(error)).toBe(true)
    expect(error).toMatchObject({
      code: 'PDK_PLUGIN_FAILED',
      details: {
        plugin: 'greeter',
        version: '1.0.0',
        step: 'request',
        originalName: 'TypeError',
        originalMessage: 'bad input',
      },
    })
    await expect(host.request('greeter', 'nope')).rejects.toMatchObject({ code: 'PDK_NO_HANDLER' })
    await expect(host.request('ghost', 'greet')).rejects.toMatchObject({ code: 'PDK_NOT_FOUND' })
    await host.stop()
  })

  it('times a request out with the shared deadline queue and keeps serving', async () => {
    const host = await createHost(
      hostOptions([plugin('slow', { messages: { wait: () => new Promise(() => {}), ok: () => 'ok' } })]),
    )
    await host.start()
    await expect(host.request('slow', 'wait', {}, { timeoutMs: 20 })).rejects.toMatchObject({
      code: 'PDK_TIMEOUT',
      details: { plugin: 'slow', timeoutMs: 20 },
    })
    expect(await host.request('slow', 'ok')).toBe('ok')
    await host.stop()
  })

  it('delivers events with wildcards, isolates handler errors, and lets the emitter hear its own event', async () => {
    const got: string[] = []
    const host = await createHost(
      hostOptions([
        plugin('a', {
          events: {
            'user.*': (_p: unknown, _c: unknown, meta: { name: string; from: string }) =>
              void got.push(`a ${meta.name} from ${meta.from}`),
          },
          messages: { send: async (_p: unknown, ctx: any) => ctx.events.emit('user.created', { id: 1 }) },
        }),
        plugin('b', {
          events: {
            '**': () => {
              throw new Error('handler broke')
            },
          },
        }),
        plugin('c', { events: { 'user.created.*': () => void got.push('c (must not match)') } }),
      ]),
    )
    await host.start()
    await host.request('a', 'send')
    await host.emit('user.deleted', {})
    expect(got).toEqual(['a user.created from a', 'a user.deleted from test-host'])
    const errors = host.metrics().families.find((f) => f.name === 'pdk_plugin_errors_total')!
    expect(errors.series.find((s) => s.labels.plugin === 'b')!.value).toBe(2)
    await host.stop()
  })

  it('broadcasts to every other plugin and never rejects', async () => {
    const host = await createHost(
      hostOptions([
        plugin('x', { messages: { ping: () => 'x', ask: (_p: unknown, ctx: any) => ctx.messages.broadcast('ping') } }),
        plugin('y', { messages: { ping: () => 'y' } }),
        plugin('z', {
          messages: {
            ping: () => {
              throw new Error('z is down')
            },
          },
        }),
      ]),
    )
    await host.start()
    const fromX = (await host.request('x', 'ask')) as Array<{ plugin: string; ok: boolean }>
    expect(fromX.map((r) => [r.plugin, r.ok])).toEqual([
      ['y', true],
      ['z', false],
    ])
    expect((await host.broadcast('ping')).map((r) => r.plugin)).toEqual(['x', 'y', 'z'])
    await host.stop()
  })

  it('runs hooks by priority then start order, in every mode, and refuses unknown hooks', async () => {
    const host = await createHost(
      hostOptions(
        [
          plugin('low', { hooks: { routes: (r: string[]) => [...r, 'low'], first: () => 'low' } }),
          plugin('high', {
            hooks: { routes: { priority: 10, handler: (r: string[]) => [...r, 'high'] }, first: () => undefined },
          }),
          plugin('bad', { hooks: { undeclared: () => 1 } }),
        ],
        { hooks: { routes: 'waterfall', first: 'bail' } },
      ),
    )
    await host.start()
    expect(await host.callHook('routes', [])).toEqual(['high', 'low'])
    expect(await host.callHook('first', null)).toBe('low')
    expect(host.list().find((p) => p.name === 'bad')).toMatchObject({
      state: 'failed',
      lastError: { code: 'PDK_HOOK_UNKNOWN' },
    })
    await expect(host.callHook('nope')).rejects.toMatchObject({ code: 'PDK_HOOK_UNKNOWN' })
    await host.stop()
  })

  it('gives services as async proxies among declared dependencies only', async () => {
    const host = await createHost(
      hostOptions([
        plugin('store', { init: () => ({ kv: { get: (k: string) => `v:${k}` } }) }, { capabilities: ['kv'] }),
        plugin(
          'user',
          { messages: { read: async (_p: unknown, ctx: any) => (await ctx.services.get('kv')).get('a') } },
          { dependencies: { store: '^1.0.0' } },
        ),
        plugin('stranger', {
          messages: { read: async (_p: unknown, ctx: any) => (await ctx.services.get('kv')).get('a') },
        }),
      ]),
    )
    await host.start()
    expect(await host.request('user', 'read')).toBe('v:a')
    await host.stopPlugin('store')
    await expect(host.request('user', 'read')).rejects.toMatchObject({ details: { originalCode: 'PDK_NOT_RUNNING' } })
    expect(host.list().find((p) => p.name === 'store')!.state).toBe('disposed')
    await host.startPlugin('store')
    await expect(host.request('stranger', 'read')).rejects.toMatchObject({
      code: 'PDK_PLUGIN_FAILED',
      details: { originalCode: 'PDK_DEP_MISSING' },
    })
    await host.stop()
  })

  it('activates a lazy plugin on its first message or event', async () => {
    const host = await createHost(
      hostOptions(
        [
          plugin('lazy-msg', { messages: { hi: () => 'hi' } }, { activation: ['onMessage:hi'] }),
          plugin(
            'lazy-evt',
            { events: { 'job.*': (p: unknown, ctx: any) => ctx.storage && void seen.push(p) } },
            { activation: ['onEvent:job.*'] },
          ),
        ],
        { storage: { dir: '/tmp/pdk-core-test-lazy' } },
      ),
    )
    const seen: unknown[] = []
    await host.start()
    expect(host.list().map((p) => p.state)).toEqual(['resolved', 'resolved'])
    expect(await host.request('lazy-msg', 'hi')).toBe('hi')
    await host.emit('job.done', 7)
    await new Promise((r) => setTimeout(r, 20))
    expect(seen).toEqual([7])
    expect(host.list().map((p) => p.state)).toEqual(['started', 'started'])
    await host.stop()
  })

  it('clones every crossing with cloneValues', async () => {
    const shared = { n: 1 }
    const host = await createHost(
      hostOptions(
        [
          plugin('m', {
            messages: {
              mutate: (p: { n: number }) => {
                p.n = 99
                return p
              },
              fn: () => () => 1,
            },
          }),
        ],
        { cloneValues: true },
      ),
    )
    await host.start()
    const back = (await host.request('m', 'mutate', shared)) as { n: number }
    expect(shared.n).toBe(1)
    expect(back).not.toBe(shared)
    await expect(host.request('m', 'fn')).rejects.toBeDefined()
    await host.stop()
  })

  it('keeps in-memory plugins in the host process, and checks the isolation options', async () => {
    const host = await createHost(
      hostOptions([plugin('iso', {}, { isolation: 'worker' }), plugin('plain')], { isolation: { default: 'process' } }),
    )
    await host.start()
    expect(host.list()).toMatchObject([
      { name: 'iso', state: 'failed', lastError: { code: 'PDK_ISOLATION_UNAVAILABLE', details: { step: 'discover' } } },
      { name: 'plain', state: 'started', isolation: 'none' },
    ])
    await host.stop()
    await expect(
      createHost({ name: 'h', version: '1.0.0', isolation: { default: 'thread' as never } }),
    ).rejects.toMatchObject({
      code: 'PDK_HOST_CONFIG',
      details: { problems: [expect.stringContaining('isolation.default must be one of none, worker, process')] },
    })
  })

  it('holds each hook tap to its call timeout and names the failing tap', async () => {
    const host = await createHost(
      hostOptions(
        [
          plugin('quick', {
            hooks: {
              pipe: async (v: number) => v + 1,
              strict: async () => {
                throw new RangeError('no')
              },
            },
          }),
          plugin('stuck', { hooks: { pipe: () => new Promise(() => {}) } }, { limits: { callTimeoutMs: 30 } }),
        ],
        { hooks: { pipe: 'waterfall', strict: 'series' } },
      ),
    )
    await host.start()
    await expect(host.callHook('pipe', 1)).rejects.toMatchObject({
      code: 'PDK_TIMEOUT',
      details: { plugin: 'stuck', step: 'hook', timeoutMs: 30 },
    })
    await expect(host.callHook('strict', 1)).rejects.toMatchObject({
      code: 'PDK_PLUGIN_FAILED',
      details: { plugin: 'quick', originalName: 'RangeError' },
    })
    await host.stop()
  })
})
