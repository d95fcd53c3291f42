import '@pdk/testing/setup'
import { readFile } from 'node:fs/promises'
import { createMockContext, type MockContext } from '@pdk/testing'
import { describe, expect, it } from 'vitest'
import plugin, { type AuditConfig, type AuditState } from './index.js'

const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'))
const onEvent = plugin.events!['**']!

async function started(options: { config?: Partial<AuditConfig>; storage?: Record<string, unknown> } = {}) {
  await plugin.dispose?.(undefined as never)
  const ctx = createMockContext<AuditConfig>({ manifest, ...options })
  await plugin.init!(ctx)
  return ctx
}

function see(ctx: MockContext<AuditConfig>, name: string, from = 'pdk-plugin-greeter') {
  return onEvent({}, ctx, { name, from })
}

const report = (ctx: MockContext<AuditConfig>) =>
  plugin.messages!.report!(undefined, ctx) as { total: number; counts: Record<string, number>; recent: unknown[] }

describe('pdk-plugin-audit', () => {
  it('is a monitoring plugin listening to every event', () => {
    expect(manifest.pdk.kind).toBe('monitoring')
    expect(Object.keys(plugin.events!)).toEqual(['**'])
  })

  it('counts events by name and lists the recent ones with who sent them', async () => {
    const ctx = await started()
    await see(ctx, 'user.created', 'host')
    await see(ctx, 'greeter.greeted')
    await see(ctx, 'greeter.greeted')
    expect(report(ctx)).toMatchObject({
      total: 3,
      counts: { 'user.created': 1, 'greeter.greeted': 2 },
      recent: [
        { name: 'user.created', from: 'host' },
        { name: 'greeter.greeted', from: 'pdk-plugin-greeter' },
        { name: 'greeter.greeted', from: 'pdk-plugin-greeter' },
      ],
    })
    expect(ctx).toHaveMetric('events_seen_total', 2, { event: 'greeter.greeted' })
    expect(ctx).toHaveMetric('event_names', 2)
    expect(await plugin.health!(ctx)).toEqual({ status: 'ok', details: { events: 3, names: 2 } })
  })

  it('keeps only the configured number of recent events, none for 0', async () => {
    const ctx = await started({ config: { recent: 2 } })
    for (const name of ['a', 'b', 'c']) await see(ctx, name)
    expect(report(ctx).recent.map((entry) => (entry as { name: string }).name)).toEqual(['b', 'c'])
    const none = await started({ config: { recent: 0 } })
    await see(none, 'a')
    expect(report(none)).toMatchObject({ total: 1, recent: [] })
  })

  it('saves its state on stop and reads it back on init', async () => {
    const ctx = await started()
    await see(ctx, 'user.created')
    await plugin.stop!(ctx)
    const saved = ctx.mock.store.get('state') as AuditState
    expect(saved.counts).toEqual({ 'user.created': 1 })

    const next = await started({ storage: { state: saved } })
    await see(next, 'user.created')
    expect(report(next).counts).toEqual({ 'user.created': 2 })
  })

  it('hands its state to a new version on hot reload', async () => {
    const ctx = await started()
    await see(ctx, 'weather.updated')
    const state = plugin.snapshot!(ctx)
    await plugin.dispose!(ctx)
    const fresh = createMockContext<AuditConfig>({ manifest })
    await plugin.restore!(fresh, structuredClone(state))
    await plugin.init!(fresh)
    expect(report(fresh).counts).toEqual({ 'weather.updated': 1 })
  })

  it('adds /audit last to the http.routes hook', async () => {
    const ctx = await started()
    const tap = plugin.hooks!['http.routes'] as {
      priority: number
      handler: (routes: unknown[], c: typeof ctx) => unknown
    }
    expect(tap.priority).toBe(0)
    expect(await tap.handler([], ctx)).toEqual([expect.objectContaining({ path: '/audit', topic: 'report' })])
  })
})
