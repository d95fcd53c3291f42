import { describe, expect, it } from 'vitest'
import { hostOptions, plugin } from './__fixtures__/plugin.js'
import { createHost } from './create-host.js'
import { cores } from './host-core.js'

const tick = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms))

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('reloadPlugin', () => {
  it('keeps an optional dependency that failed at run time as a provider, reached once it starts again (found by the lifecycle model test)', async () => {
    const base = (works: boolean, v: string) =>
      plugin(
        'base',
        {
          init: () => {
            if (!works) throw new Error('not yet')
            return { greet: { hi: () => `hi from ${v}` } }
          },
        },
        { capabilities: ['greet'] },
        v,
      )
    const user = (v: string) =>
      plugin(
        'user',
        { messages: { go: async (_p: unknown, ctx: any) => (await ctx.services.get('greet')).hi() } },
        { optionalDependencies: { base: '^1.0.0' } },
        v,
      )
    const host = await createHost(hostOptions([base(false, '1.0.0'), user('1.0.0')]))
    await host.start()
    // Reloaded while its optional dependency is down: it used to drop it from its providers.
    await host.reload('user', { plugin: user('1.0.1') })
    await host.reload('base', { plugin: base(true, '1.0.1') })
    expect(await host.request('user', 'go')).toBe('hi from 1.0.1')
    await host.stop()
  })

  it('waits for a start that begins while it reads the new version, then swaps that instance (found by the lifecycle model test)', async () => {
    const version = (tag: string, v: string) =>
      plugin('svc', { init: async () => {}, start: async () => {}, messages: { echo: () => tag } }, {}, v)
    const host = await createHost(hostOptions([version('old', '1.0.0')]))
    await host.start()
    await host.stopPlugin('svc')
    // The restart starts the old code while the reload reads the new version: the reload used to
    // see a plugin not yet started, keep the new version for a "next start" already under way,
    // and resolve while the old version served.
    const [, result] = await Promise.all([
      host.restartPlugin('svc'),
      host.reload('svc', { plugin: version('new', '1.0.1') }),
    ])
    expect(result).toMatchObject({ to: '1.0.1', swapped: true })
    expect(await host.request('svc', 'echo')).toBe('new')
    expect(host.list()[0]).toMatchObject({ version: '1.0.1', state: 'started' })
    await host.stop()
  })

  it('leaves nothing behind over 200 reloads: subscriptions, taps, deadlines, active resources', async () => {
    const busy = () =>
      plugin(
        'busy',
        {
          start: async (ctx: any) => {
            ctx.events.on('tick.*', () => {})
            await ctx.messages.request('peer', 'echo', 1)
          },
          events: { 'job.*': async () => {} },
          hooks: { routes: (r: unknown[]) => r },
          messages: { slow: async () => 1 },
        },
        { dependencies: { peer: '^1.0.0' } },
      )
    const peer = plugin('peer', { messages: { echo: (x: unknown) => x } })
    const host = await createHost(hostOptions([busy(), peer], { hooks: { routes: 'waterfall' } }))
    const core = cores.get(host)!
    await host.start()
    const baseline = { subs: core.events.size, taps: core.hooks.size, deadlines: core.deadlines.size }
    expect(baseline).toMatchObject({ subs: 2, taps: 1 })
    const resources = process.getActiveResourcesInfo().length
    for (let i = 0; i < 200; i++) {
      await host.reload('busy', { plugin: busy() })
      await host.emit('job.run', i)
      await host.request('busy', 'slow')
    }
    expect({ subs: core.events.size, taps: core.hooks.size, deadlines: core.deadlines.size }).toEqual(baseline)
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(resources)
    await host.stop()
    expect({ subs: core.events.size, taps: core.hooks.size }).toEqual({ subs: 0, taps: 0 })
  })

  it('holds service calls of dependents at the gate and answers them from the new version', async () => {
    const release = deferred()
    const store = (tag: string, snapshot?: () => unknown) =>
      plugin(
        'store',
        {
          init: () => ({ kv: { get: (key: string) => `${tag}:${key}` } }),
          ...(snapshot && { snapshot }),
        },
        { capabilities: ['kv'] },
      )
    const app = plugin(
      'app',
      { messages: { read: async (key: string, ctx: any) => (await ctx.services.get('kv')).get(key) } },
      { dependencies: { store: '^1.0.0' } },
    )
    const host = await createHost(hostOptions([store('blue', () => release.promise), app]))
    await host.start()
    expect(await host.request('app', 'read', 'a')).toBe('blue:a')
    const reloading = host.reload('store', { plugin: store('green') })
    await tick()
    // The old version's snapshot is still running: the switch has not happened yet.
    const during = host.request('app', 'read', 'b')
    await tick()
    release.resolve()
    await reloading
    expect(await during).toBe('green:b')
    await host.stop()
  })

  it('lets host.stop() wait for a reload in progress, then stops the new version', async () => {
    const release = deferred()
    const seen: string[] = []
    const version = (tag: string, snapshot?: () => unknown) =>
      plugin('p', { stop: () => void seen.push(`stop ${tag}`), ...(snapshot && { snapshot }) })
    const host = await createHost(hostOptions([version('blue', () => release.promise)]))
    await host.start()
    const reloading = host.reload('p', { plugin: version('green') })
    await tick()
    const stopping = host.stop()
    release.resolve()
    await reloading
    await stopping
    expect(seen).toEqual(['stop blue', 'stop green'])
    expect(host.list()[0]!.state).toBe('disposed')
  })

  it('gives a lazy plugin that has not started the new version for its first message', async () => {
    const lazy = (answer: string) =>
      plugin('lazy', { messages: { hi: () => answer } }, { activation: ['onMessage:hi'] })
    const host = await createHost(hostOptions([lazy('old')]))
    await host.start()
    expect(host.list()[0]!.state).toBe('resolved')
    expect(await host.reload('lazy', { plugin: lazy('new') })).toMatchObject({ swapped: false })
    expect(host.list()[0]!.state).toBe('resolved')
    expect(await host.request('lazy', 'hi')).toBe('new')
    await host.stop()
  })

  it('rejects a name that is not in the host, and swaps an in-memory plugin given nothing new', async () => {
    const host = await createHost(hostOptions([plugin('p', {})]))
    await host.start()
    await expect(host.reload('ghost')).rejects.toMatchObject({ code: 'PDK_NOT_FOUND' })
    await expect(host.remove('ghost')).rejects.toMatchObject({ code: 'PDK_NOT_FOUND' })
    // Given nothing new, an in-memory plugin is swapped for a fresh instance of its definition.
    expect(await host.reload('p')).toMatchObject({ from: '1.0.0', to: '1.0.0', swapped: true })
    await host.stop()
  })
})
