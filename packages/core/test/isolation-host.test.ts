// A host running plugins in all three isolation modes side by side: real worker threads, real
// child processes and in-process plugins talking through every part of the context, a crash
// restarted by the supervisor, and nothing left running after stop. Runs against dist (the
// worker and process entries are built files).
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHost, type HostOptions, type LogEntry, type StateChange } from '@pdk/core'
import { afterEach, describe, expect, it } from 'vitest'

const MARK = "[Symbol.for('pdk.plugin')]: true"
const HOST = { name: 'iso-host', range: '^1.0.0' }

interface FolderPlugin {
  name: string
  pdk?: Record<string, unknown>
  code: string
}

async function pluginsFolder(plugins: FolderPlugin[]): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'pdk-iso-host-'))
  for (const plugin of plugins) {
    const dir = join(root, 'plugins', plugin.name)
    await mkdir(dir, { recursive: true })
    const manifest = {
      name: plugin.name,
      version: '1.0.0',
      type: 'module',
      main: 'index.js',
      pdk: { manifestVersion: 1, kind: 'extension', host: HOST, ...plugin.pdk },
    }
    await writeFile(join(dir, 'package.json'), JSON.stringify(manifest))
    await writeFile(join(dir, 'index.js'), plugin.code)
  }
  return root
}

const hosts: Array<{ stop(): Promise<void> }> = []
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()))
})

async function startHost(root: string, extra: Partial<HostOptions> = {}) {
  const logs: LogEntry[] = []
  const changes: StateChange[] = []
  const host = await createHost({
    name: 'iso-host',
    version: '1.0.0',
    cwd: root,
    plugins: [join(root, 'plugins')],
    hooks: { 'text.pipe': 'waterfall' },
    policy: { grant: (manifest) => manifest.pdk.permissions },
    storage: { dir: join(root, 'storage') },
    logger: (entry) => logs.push(entry),
    ...extra,
  })
  host.on('state', (change) => changes.push(change))
  hosts.push(host)
  await host.start()
  return { host, logs, changes }
}

// A worker plugin: messages, storage, a hook tap, an event handler, a service of another plugin.
const WORKER = `export default { ${MARK},
  async init(ctx) { return { counter: { next: async () => { const n = ((await ctx.storage.get('n')) ?? 0) + 1; await ctx.storage.set('n', n); return n } } } },
  messages: {
    where: () => ({ isolation: 'worker', pid: process.pid }),
    seen: (_, ctx) => ctx.storage.get('seen'),
    ask: (payload, ctx) => ctx.messages.request('iso-none', 'double', payload),
    crash: () => { setTimeout(() => { throw new Error('boom') }, 5); return 'soon' },
  },
  events: { 'thing.*': async (payload, ctx) => { await ctx.storage.set('seen', payload) } },
  hooks: { 'text.pipe': (text) => text + ' worker' },
}
`
// A process plugin that uses the worker plugin's service.
const PROCESS = `export default { ${MARK},
  messages: {
    where: () => ({ isolation: 'process', pid: process.pid }),
    count: async (_, ctx) => (await ctx.services.get('counter')).next(),
  },
  hooks: { 'text.pipe': { priority: -1, handler: async (text) => text + ' process' } },
}
`
const NONE = `export default { ${MARK},
  messages: {
    where: () => ({ isolation: 'none', pid: process.pid }),
    double: (n) => n * 2,
    announce: async (payload, ctx) => { await ctx.events.emit('thing.happened', payload); return true },
  },
  hooks: { 'text.pipe': { priority: 10, handler: (text) => text + ' none' } },
}
`

describe('isolation in a host', () => {
  it('runs worker, process and in-process plugins together through the whole context', async () => {
    const root = await pluginsFolder([
      { name: 'iso-worker', pdk: { isolation: 'worker', capabilities: ['counter'] }, code: WORKER },
      {
        name: 'iso-process',
        pdk: { isolation: 'process', dependencies: { 'iso-worker': '^1.0.0' } },
        code: PROCESS,
      },
      { name: 'iso-none', code: NONE },
    ])
    const { host } = await startHost(root)
    expect(Object.fromEntries(host.list().map((p) => [p.name, [p.state, p.isolation]]))).toEqual({
      'iso-worker': ['started', 'worker'],
      'iso-process': ['started', 'process'],
      'iso-none': ['started', 'none'],
    })
    const worker = await host.request<{ pid: number }>('iso-worker', 'where')
    const child = await host.request<{ pid: number }>('iso-process', 'where')
    expect(worker.pid).toBe(process.pid)
    expect(child.pid).not.toBe(process.pid)
    // A worker plugin asks an in-process one; a process plugin calls a worker plugin's service.
    await expect(host.request('iso-worker', 'ask', 21)).resolves.toBe(42)
    await expect(host.request('iso-process', 'count')).resolves.toBe(1)
    await expect(host.request('iso-process', 'count')).resolves.toBe(2)
    // Events reach the worker plugin's handler; hooks run across all three, by priority.
    await host.request('iso-none', 'announce', { id: 7 })
    await expect.poll(() => host.request('iso-worker', 'seen'), { timeout: 10_000 }).toEqual({ id: 7 })
    await expect(host.callHook('text.pipe', 'hi')).resolves.toBe('hi none worker process')
    const health = await host.health()
    expect(health.plugins['iso-worker']?.status).toBe('ok')
  })

  it('restarts a crashed worker plugin through the supervisor, and serves again', async () => {
    const root = await pluginsFolder([{ name: 'iso-worker', pdk: { isolation: 'worker' }, code: WORKER }])
    const { host, changes } = await startHost(root, {
      restart: { maxRestarts: 3, windowMs: 60_000, backoffMs: [10, 50] },
    })
    await expect(host.request('iso-worker', 'crash')).resolves.toBe('soon')
    await expect
      .poll(() => changes.some((c) => c.to === 'failed' && c.error?.code === 'PDK_PLUGIN_CRASHED'), { timeout: 10_000 })
      .toBe(true)
    await expect.poll(() => host.list()[0]?.state, { timeout: 10_000 }).toBe('started')
    expect(host.list()[0]?.restarts).toBe(1)
    await expect(host.request<{ isolation: string }>('iso-worker', 'where')).resolves.toMatchObject({
      isolation: 'worker',
    })
  })

  it('ends every child process when the host stops', async () => {
    const root = await pluginsFolder([{ name: 'iso-process', pdk: { isolation: 'process' }, code: PROCESS }])
    const { host } = await startHost(root)
    const { pid } = await host.request<{ pid: number }>('iso-process', 'where')
    expect(() => process.kill(pid, 0)).not.toThrow()
    await host.stop()
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }))
  })

  it("applies the host's default isolation to untrusted plugins, not to trusted ones", async () => {
    const root = await pluginsFolder([
      { name: 'iso-none', code: NONE },
      { name: 'iso-trusted', code: NONE.replace("'none', pid", "'trusted', pid") },
    ])
    const { host } = await startHost(root, { isolation: { default: 'worker', trusted: ['iso-trusted'] } })
    expect(Object.fromEntries(host.list().map((p) => [p.name, p.isolation]))).toEqual({
      'iso-none': 'worker',
      'iso-trusted': 'none',
    })
    await expect(host.request('iso-none', 'double', 4)).resolves.toBe(8)
  })

  it('enforces memoryMb in a worker and says so in health', async () => {
    const root = await pluginsFolder([
      { name: 'iso-worker', pdk: { isolation: 'worker', limits: { memoryMb: 64 } }, code: WORKER },
      { name: 'iso-none', pdk: { limits: { memoryMb: 64 } }, code: NONE },
    ])
    const { host } = await startHost(root)
    const health = await host.health()
    expect(JSON.stringify(health.plugins['iso-worker'])).not.toMatch(/not enforced|shares the host heap/)
    expect(JSON.stringify(health.plugins['iso-none'])).toMatch(/shares the host heap/)
  })

  it('refuses an in-memory plugin that asks for a worker', async () => {
    const host = await createHost({
      name: 'iso-host',
      version: '1.0.0',
      logger: () => {},
      plugins: [
        {
          manifest: {
            name: 'mem',
            version: '1.0.0',
            type: 'module',
            pdk: { manifestVersion: 1, kind: 'extension', host: HOST, isolation: 'worker' },
          },
          definition: { [Symbol.for('pdk.plugin')]: true } as never,
        },
      ],
    })
    hosts.push(host)
    await host.start()
    expect(host.list()[0]).toMatchObject({ state: 'failed', lastError: { code: 'PDK_ISOLATION_UNAVAILABLE' } })
  })
})
