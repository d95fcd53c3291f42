import { describe, expect, it } from 'vitest'
import { hostOptions, plugin } from './__fixtures__/plugin.js'
import { createHost } from './create-host.js'
import { cores } from './host-core.js'

describe('everything a plugin registers is removed when it stops', () => {
  it('holds steady over 1,000 start/stop cycles: subscriptions, taps, deadlines, listeners, active resources', async () => {
    const busy = plugin('busy', {
      start: async (ctx: any) => {
        ctx.events.on('tick.*', () => {})
        ctx.events.on('**', () => {})
        ctx.metrics.counter('ticks_total', 'ticks').inc()
        await ctx.messages.request('peer', 'echo', 1)
      },
      events: { 'job.*': async () => {} },
      hooks: { routes: (r: unknown[]) => r },
      messages: { slow: async () => 1 },
    })
    const peer = plugin('peer', { messages: { echo: (x: unknown) => x } })
    const host = await createHost(hostOptions([busy, peer], { hooks: { routes: 'waterfall' } }))
    const core = cores.get(host)!
    await host.start()
    await host.stopPlugin('busy')
    const baseline = {
      subs: core.events.size,
      taps: core.hooks.size,
      deadlines: core.deadlines.size,
      listeners: core.listeners.size,
    }
    const resources = process.getActiveResourcesInfo().length
    for (let i = 0; i < 1_000; i++) {
      await host.startPlugin('busy')
      if (i === 0) expect(core.events.size).toBe(baseline.subs + 3)
      await host.emit('job.run', i)
      await host.request('busy', 'slow')
      await host.stopPlugin('busy')
    }
    expect({
      subs: core.events.size,
      taps: core.hooks.size,
      deadlines: core.deadlines.size,
      listeners: core.listeners.size,
    }).toEqual(baseline)
    expect(baseline).toEqual({ subs: 0, taps: 0, deadlines: 0, listeners: 0 })
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(resources)
    const series = host.metrics().families.find((f) => f.name === 'pdk_plugin_ticks_total')!.series
    expect(series).toEqual([{ labels: { plugin: 'busy' }, value: 1_001 }])
    await host.stop()
  })
})
