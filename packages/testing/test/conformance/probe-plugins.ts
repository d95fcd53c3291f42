// The plugins every conformance case runs: a probe whose message handlers exercise one part of
// the context each and answer with what they saw, and a peer it talks to.
import { definePlugin, type InMemoryPlugin, isPdkError, type PluginPackageJson } from '@pdk/core'

export const PROBE = 'pdk-plugin-probe'
export const PEER = 'pdk-plugin-peer'
export const KV_PROVIDER = 'pdk-plugin-kv'
export const HOST = { name: 'conformance-host', range: '^2.1.0' }

/** A caught error as plain data: what the conformance cases compare. */
export function codeOf(error: unknown): { code: string; details: Record<string, unknown> } | { thrown: string } {
  if (isPdkError(error)) return { code: error.code, details: { ...error.details } }
  return { thrown: error instanceof Error ? error.name : typeof error }
}

const attempt = async (fn: () => unknown) => {
  try {
    return { ok: true, value: await fn() }
  } catch (error) {
    return { ok: false, ...codeOf(error) }
  }
}

export interface ProbeConfig {
  greeting: string
  retries: number
  nested: { depth: number }
}

const probeManifest: PluginPackageJson = {
  name: PROBE,
  version: '1.2.3',
  type: 'module',
  pdk: {
    manifestVersion: 1,
    kind: 'extension',
    host: HOST,
    dependencies: { [KV_PROVIDER]: '^1.0.0' },
    config: {
      type: 'object',
      properties: {
        greeting: { type: 'string', default: 'Hello' },
        retries: { type: 'integer', default: 3 },
        nested: { type: 'object', properties: { depth: { type: 'integer', default: 1 } }, default: {} },
      },
    },
  },
}

/** A fresh probe: its closure state must not leak between targets. */
export function probePlugin(): InMemoryPlugin {
  const seen: unknown[] = []
  const definition = definePlugin<ProbeConfig>({
    start(ctx) {
      ctx.events.on('probe.*', (payload, meta) => {
        seen.push({ via: 'on', payload, meta })
      })
      ctx.events.on('probe.fail', () => {
        throw new Error('subscriber broke')
      })
    },
    events: {
      'outside.**': (payload, _ctx, meta) => {
        seen.push({ via: 'events', payload, meta: { name: meta.name } })
      },
    },
    messages: {
      identity: (_p, ctx) => ({
        plugin: { ...ctx.plugin, dataDir: typeof ctx.plugin.dataDir },
        host: ctx.host,
        aborted: ctx.signal.aborted,
      }),
      config: (_p, ctx) => ({
        config: ctx.config,
        frozen: Object.isFrozen(ctx.config) && Object.isFrozen(ctx.config.nested),
      }),
      storage: async (_p, ctx) => {
        const value = { list: [1, 2], when: new Date(0) }
        await ctx.storage.set('b:2', value)
        value.list.push(3)
        await ctx.storage.set('a:1', 'one')
        await ctx.storage.set('b:1', new Map([['k', 1]]))
        const read = (await ctx.storage.get<{ list: number[] }>('b:2'))!
        read.list.push(4)
        return {
          stored: await ctx.storage.get('b:2'),
          map: await ctx.storage.get('b:1'),
          missing: await ctx.storage.get('nope'),
          keys: await ctx.storage.keys(),
          prefixed: await ctx.storage.keys('b:'),
          deleted: [await ctx.storage.delete('a:1'), await ctx.storage.delete('a:1')],
          after: await ctx.storage.keys(),
        }
      },
      storeFunction: (_p, ctx) => attempt(() => ctx.storage.set('fn', { run: () => 1 })),
      storeTooMuch: (_p, ctx) => attempt(() => ctx.storage.set('big', 'x'.repeat(10_000_001))),
      log: (_p, ctx) => {
        ctx.logger.info('hello', { n: 1 })
        ctx.logger.warn('careful')
        ctx.logger.debug('detail', { deep: { a: [1] } })
      },
      emit: async (payload: { name: string; value: unknown }, ctx) => {
        await ctx.events.emit(payload.name, payload.value)
      },
      seen: () => seen,
      ask: (p: { plugin: string; topic: string; payload?: unknown; timeoutMs?: number }, ctx) =>
        attempt(() =>
          ctx.messages.request(p.plugin, p.topic, p.payload, p.timeoutMs ? { timeoutMs: p.timeoutMs } : undefined),
        ),
      broadcast: (p: { topic: string }, ctx) => ctx.messages.broadcast(p.topic, { from: 'probe' }),
      refresh: () => 'probe-refreshed',
      service: async (p: { capability: string }, ctx) =>
        attempt(async () => {
          const kv = await ctx.services.get<{ set(k: string, v: unknown): void; get(k: string): unknown }>(p.capability)
          const value = { n: 1 }
          const pending = kv.set('k', value)
          const isPromise = pending instanceof Promise
          await pending
          value.n = 2
          return { isPromise, got: await kv.get('k') }
        }),
      metrics: (_p, ctx) => {
        const greetings = ctx.metrics.counter('greetings', 'Greetings sent')
        greetings.inc()
        greetings.inc(2, { lang: 'en' })
        ctx.metrics.gauge('queue', 'Queue length').set(3)
        ctx.metrics.histogram('latency', 'Seconds', [0.1, 1]).observe(0.05)
        ctx.metrics.counter('calls_total', 'not allowed').inc()
      },
      fetch: (_p, ctx) => attempt(() => ctx.fetch('http://127.0.0.1:9/')),
      throws: () => {
        throw new RangeError('probe broke')
      },
      echo: (payload: unknown) => payload,
    },
  })
  return { manifest: probeManifest, definition }
}

/** The plugin the probe asks things of. */
export function peerPlugin(): InMemoryPlugin {
  const manifest: PluginPackageJson = {
    name: PEER,
    version: '1.0.0',
    type: 'module',
    pdk: { manifestVersion: 1, kind: 'extension', host: HOST },
  }
  const definition = definePlugin({
    messages: {
      echo: (payload: unknown) => ({ echoed: payload }),
      fail: () => {
        throw new TypeError('peer broke')
      },
      slow: () => new Promise(() => {}),
      refresh: () => 'peer-refreshed',
    },
  })
  return { manifest, definition }
}

/** The fake `kv` service both targets get; a Map behind plain methods. */
export function fakeKv(): { get(k: string): unknown; set(k: string, v: unknown): void } {
  const data = new Map<string, unknown>()
  return {
    get: (k) => data.get(k),
    set: (k, v) => {
      data.set(k, v)
    },
  }
}
