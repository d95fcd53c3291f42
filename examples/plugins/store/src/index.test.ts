import '@pdk/testing/setup'
import { readFile } from 'node:fs/promises'
import { createMockContext } from '@pdk/testing'
import { describe, expect, it } from 'vitest'
import plugin, { type KvService, type StoreConfig } from './index.js'

const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'))

async function started(options: { config?: Partial<StoreConfig>; storage?: Record<string, unknown> } = {}) {
  const ctx = createMockContext<StoreConfig>({ manifest, ...options })
  const services = (await plugin.init!(ctx)) as { kv: KvService }
  return { ctx, kv: services.kv }
}

describe('pdk-plugin-store', () => {
  it('provides the kv capability it declares in its manifest', async () => {
    const { kv } = await started()
    expect(manifest.pdk.capabilities).toEqual(['kv'])
    expect(Object.keys(kv).sort()).toEqual(['delete', 'get', 'increment', 'keys', 'set', 'size'])
  })

  it('keeps values in the plugin storage under kv/', async () => {
    const { ctx, kv } = await started()
    await kv.set('greeted/Ada', { times: 1 })
    expect(await kv.get('greeted/Ada')).toEqual({ times: 1 })
    expect(ctx.mock.store.get('kv/greeted/Ada')).toEqual({ times: 1 })
    expect(await kv.keys('greeted/')).toEqual(['greeted/Ada'])
    expect(await kv.delete('greeted/Ada')).toBe(true)
    expect(await kv.delete('greeted/Ada')).toBe(false)
    expect(await kv.size()).toBe(0)
  })

  it('finds what an earlier run stored', async () => {
    const { kv } = await started({ storage: { 'kv/a': 1, 'kv/b': 2, other: 3 } })
    expect(await kv.keys()).toEqual(['a', 'b'])
    expect(await kv.increment('b', 5)).toBe(7)
  })

  it('increments one key from concurrent callers without losing a count', async () => {
    const { kv } = await started()
    const results = await Promise.all(Array.from({ length: 25 }, () => kv.increment('visits')))
    expect(await kv.get('visits')).toBe(25)
    expect(results.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1))
  })

  it('refuses new keys past maxKeys, and says so in health first', async () => {
    const { ctx, kv } = await started({ config: { maxKeys: 10 } })
    for (let i = 0; i < 8; i++) await kv.set(`k${i}`, i)
    expect(await plugin.health!(ctx)).toEqual({ status: 'ok', details: { keys: 8, maxKeys: 10 } })
    await kv.set('k8', 8)
    expect(await plugin.health!(ctx)).toMatchObject({ status: 'degraded' })
    await kv.set('k9', 9)
    await expect(kv.set('k10', 10)).rejects.toMatchObject({ code: 'PDK_LIMIT_EXCEEDED' })
    await kv.set('k9', 'replaced')
    expect(await kv.get('k9')).toBe('replaced')
  })

  it('refuses keys that are not strings and increments that are not numbers', async () => {
    const { kv } = await started()
    await expect(kv.set('', 1)).rejects.toMatchObject({ code: 'PDK_USAGE' })
    await expect(kv.increment('n', Number.NaN)).rejects.toMatchObject({ code: 'PDK_USAGE' })
  })

  it('answers stats and logs its size at start', async () => {
    const { ctx, kv } = await started({ storage: { 'kv/x': 1 } })
    await kv.set('y', 2)
    expect(await plugin.messages!.stats!(undefined, ctx)).toEqual({ keys: 2 })
    expect(ctx).toHaveLogged('info', 'kv store ready', { keys: 1, maxKeys: 10000 })
  })
})
