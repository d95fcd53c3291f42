// The worker and process transports on their own, with real worker threads and real child
// processes: what crosses the channel, what a plugin may touch, and what happens when it dies.
// They load built files (worker-main.js, process-main.js), so this suite runs against dist.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PdkError } from '../dist/errors.js'
import { createProcessTransport } from '../dist/transport/process-transport.js'
import type { PluginEndpoint, Transport } from '../dist/transport/protocol.js'
import { createWorkerTransport } from '../dist/transport/worker-transport.js'

const MARK = "[Symbol.for('pdk.plugin')]: true"

/** A plugin folder whose entry is `code` (an ES module that default-exports a definition). */
async function pluginDir(code: string): Promise<{ dir: string; entry: string; dataDir: string }> {
  const root = await mkdtemp(join(tmpdir(), 'pdk-iso-'))
  const dir = join(root, 'plugin')
  const dataDir = join(root, 'data')
  await mkdir(dir, { recursive: true })
  await mkdir(dataDir, { recursive: true })
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'iso', version: '1.0.0', type: 'module' }))
  await writeFile(join(dir, 'index.js'), code)
  await writeFile(join(root, 'secret.txt'), 'not for plugins')
  return { dir, entry: join(dir, 'index.js'), dataDir }
}

/** A host endpoint that records what the plugin did and keeps storage in a map. */
function fakeHost() {
  const logs: unknown[][] = []
  const store = new Map<string, unknown>()
  const host = {
    log: (...args: unknown[]) => logs.push(args),
    storageGet: async (key: string) => store.get(key),
    storageSet: async (key: string, value: unknown) => {
      store.set(key, value)
    },
    storageDelete: async (key: string) => store.delete(key),
    storageKeys: async () => [...store.keys()],
    emit: async () => {},
    subscribe: () => {},
    unsubscribe: () => {},
    request: async (plugin: string, topic: string, payload: unknown) => ({ plugin, topic, payload }),
    broadcast: async () => [],
    service: async () => ({ provider: 'p', methods: [] }),
    call: async () => undefined,
    defineMetric: () => {},
    record: () => {},
  }
  return { host, logs, store }
}

const open: PluginEndpoint[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((endpoint) => endpoint.close?.()))
})

async function load(
  transport: Transport,
  code: string,
  extra: { granted?: Record<string, unknown>; memoryMb?: number; crashed?: (error: PdkError) => void } = {},
) {
  const { dir, entry, dataDir } = await pluginDir(code)
  const fake = fakeHost()
  const endpoint = await transport.load({
    boot: {
      plugin: { name: 'iso', version: '1.0.0', kind: 'extension', dataDir },
      host: { name: 'test-host', version: '1.0.0' },
      config: { greeting: 'Hi' },
      network: [],
    },
    entry,
    dir,
    host: fake.host,
    ...extra,
  } as never)
  open.push(endpoint)
  return { endpoint, dir, dataDir, ...fake }
}

const ECHO = `export default { ${MARK},
  messages: {
    echo: async (payload, ctx) => { ctx.logger.info('echo', { n: payload.n }); return { ...payload, greeting: ctx.config.greeting } },
    keep: async (payload, ctx) => { await ctx.storage.set('k', payload); return ctx.storage.get('k') },
    ask: (payload, ctx) => ctx.messages.request('other', 'topic', payload),
    fail: () => { throw new RangeError('out of range') },
    fn: () => () => 1,
    env: () => ({ granted: process.env.ISO_GRANTED, other: process.env.ISO_OTHER }),
    crash: () => { setTimeout(() => { throw new Error('boom') }, 1); return 'soon' },
  },
}
`

describe.each([
  ['worker', createWorkerTransport()],
  ['process', createProcessTransport()],
] as const)('isolation "%s"', (mode, transport) => {
  it('loads the entry, says what it declares, and answers across the channel', async () => {
    const { endpoint, logs } = await load(transport, ECHO)
    expect(transport.isolation).toBe(mode)
    expect(endpoint.describe().messages).toContain('echo')
    await expect(endpoint.message('echo', { n: 1 })).resolves.toEqual({ n: 1, greeting: 'Hi' })
    expect(logs).toEqual([['info', 'echo', { n: 1 }]])
  })

  it('reaches the host for storage and messages, and brings a handler error back by name', async () => {
    const { endpoint, store } = await load(transport, ECHO)
    await expect(endpoint.message('keep', { a: [1, 2] })).resolves.toEqual({ a: [1, 2] })
    expect(store.get('k')).toEqual({ a: [1, 2] })
    await expect(endpoint.message('ask', 7)).resolves.toEqual({ plugin: 'other', topic: 'topic', payload: 7 })
    await expect(endpoint.message('fail', null)).rejects.toMatchObject({ name: 'RangeError', message: 'out of range' })
  })

  it('refuses a value that cannot be cloned, saying so', async () => {
    const { endpoint } = await load(transport, ECHO)
    await expect(endpoint.message('fn', null)).rejects.toMatchObject({ code: 'PDK_INVALID_ARGUMENT' })
    await expect(endpoint.message('echo', { f: () => 1 })).rejects.toMatchObject({ code: 'PDK_INVALID_ARGUMENT' })
  })

  it('shows the plugin only the environment variables it was granted', async () => {
    process.env.ISO_GRANTED = 'yes'
    process.env.ISO_OTHER = 'secret'
    try {
      const { endpoint } = await load(transport, ECHO, { granted: { env: ['ISO_GRANTED'] } })
      await expect(endpoint.message('env', null)).resolves.toEqual({ granted: 'yes' })
    } finally {
      delete process.env.ISO_GRANTED
      delete process.env.ISO_OTHER
    }
  })

  it('reports a crash once, rejects pending and later calls, and does not take the host down', async () => {
    const crashes: PdkError[] = []
    const { endpoint } = await load(transport, ECHO, { crashed: (error) => crashes.push(error) })
    await expect(endpoint.message('crash', null)).resolves.toBe('soon')
    await expect.poll(() => crashes.length, { timeout: 10_000 }).toBe(1)
    expect(crashes[0]).toMatchObject({ code: 'PDK_PLUGIN_CRASHED', details: { plugin: 'iso', isolation: mode } })
    await expect(endpoint.message('echo', { n: 2 })).rejects.toMatchObject({ code: 'PDK_PLUGIN_CRASHED' })
  })

  it('ends a plugin that outgrows limits.memoryMb with PDK_LIMIT_EXCEEDED', async () => {
    const crashes: PdkError[] = []
    const hog = `export default { ${MARK}, messages: { grow: () => { const keep = []; setInterval(() => { for (let i = 0; i < 200; i++) keep.push(new Array(10000).fill(i)) }, 1); return 'growing' } } }\n`
    const { endpoint } = await load(transport, hog, { memoryMb: 32, crashed: (error) => crashes.push(error) })
    await endpoint.message('grow', null)
    await expect.poll(() => crashes.length, { timeout: 20_000 }).toBe(1)
    expect(crashes[0]).toMatchObject({ code: 'PDK_LIMIT_EXCEEDED', details: { memoryMb: 32 } })
  }, 30_000)

  it('rejects the load of an entry that does not default-export a definition', async () => {
    const { dir, entry, dataDir } = await pluginDir('export default 42\n')
    const load = transport.load({
      boot: {
        plugin: { name: 'iso', version: '1.0.0', kind: 'extension', dataDir },
        host: { name: 'h', version: '1.0.0' },
        config: {},
        network: [],
      },
      entry,
      dir,
      host: fakeHost().host,
    } as never)
    await expect(load).rejects.toMatchObject({ code: 'PDK_PLUGIN_FAILED', details: { plugin: 'iso', step: 'load' } })
  })

  it('refuses an in-memory definition, which cannot leave the host process', async () => {
    const loading = Promise.resolve().then(() =>
      transport.load({
        boot: {
          plugin: { name: 'mem', version: '1.0.0', kind: 'extension', dataDir: tmpdir() },
          host: { name: 'h', version: '1.0.0' },
          config: {},
          network: [],
        },
        definition: {},
        host: fakeHost().host,
      } as never),
    )
    await expect(loading).rejects.toMatchObject({ code: 'PDK_ISOLATION_UNAVAILABLE' })
  })

  it('close ends the isolate; calls after it are refused', async () => {
    const { endpoint } = await load(transport, ECHO)
    await endpoint.close?.()
    await expect(endpoint.message('echo', { n: 3 })).rejects.toMatchObject({ code: 'PDK_NOT_RUNNING' })
  })
})

describe('isolation "process": Node permission model from the grants', () => {
  const FS = `import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
export default { ${MARK},
  messages: {
    readOwn: () => readFileSync(new URL('./package.json', import.meta.url), 'utf8').length > 0,
    readOutside: (path) => readFileSync(path, 'utf8'),
    write: (_, ctx) => { writeFileSync(join(ctx.plugin.dataDir, 'cache', 'x.txt'), 'ok'); return 'written' },
  },
}
`
  it('reads its own package, not other files; writes only where fs.write grants', async () => {
    const transport = createProcessTransport()
    const denied = await load(transport, FS)
    await mkdir(join(denied.dataDir, 'cache'), { recursive: true })
    await expect(denied.endpoint.message('readOwn', null)).resolves.toBe(true)
    await expect(denied.endpoint.message('readOutside', join(denied.dir, '..', 'secret.txt'))).rejects.toMatchObject({
      message: expect.stringMatching(/ERR_ACCESS_DENIED|Access to this API has been restricted/),
    })
    await expect(denied.endpoint.message('write', null)).rejects.toMatchObject({
      message: expect.stringMatching(/ERR_ACCESS_DENIED|Access to this API has been restricted/),
    })
    // The granted folder does not exist yet: the transport makes it.
    const granted = await load(transport, FS, { granted: { fs: { write: ['cache'] } } })
    await expect(granted.endpoint.message('write', null)).resolves.toBe('written')
    await expect(readFile(join(granted.dataDir, 'cache', 'x.txt'), 'utf8')).resolves.toBe('ok')
  })
})
